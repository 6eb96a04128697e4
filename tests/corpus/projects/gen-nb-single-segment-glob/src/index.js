import { a } from "./a.js";
export default { fetch: () => new Response(a) };
