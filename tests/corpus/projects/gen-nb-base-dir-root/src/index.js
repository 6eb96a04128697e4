import { c } from "./config/c.js";
export default { fetch: () => new Response(c) };
