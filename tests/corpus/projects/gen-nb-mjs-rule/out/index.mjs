import { v } from "./v.mjs";
export default { fetch: () => new Response(v) };
