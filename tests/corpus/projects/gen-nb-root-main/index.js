import { h } from "./lib/h.js";
export default { fetch: () => new Response(h) };
