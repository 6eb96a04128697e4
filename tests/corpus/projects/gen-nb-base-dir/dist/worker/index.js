import { s } from "./shared/s.js";
export default { fetch: () => new Response(s) };
