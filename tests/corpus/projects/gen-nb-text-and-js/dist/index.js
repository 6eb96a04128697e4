import t from "./templates/t.html";
import { x } from "./x.js";
export default { fetch: () => new Response(t + x) };
