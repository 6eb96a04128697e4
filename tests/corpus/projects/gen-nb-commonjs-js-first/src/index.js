import l from "./legacy/l.js";
export default { fetch: () => new Response(l.v) };
