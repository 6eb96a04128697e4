import { a } from "./lib/a.js";
export default { fetch: () => new Response(a) };
//# sourceMappingURL=index.js.map
