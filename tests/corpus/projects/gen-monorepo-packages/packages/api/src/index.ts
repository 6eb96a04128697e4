import { shared } from "../../../shared/src/index";
export default { fetch: () => new Response(shared()) };
