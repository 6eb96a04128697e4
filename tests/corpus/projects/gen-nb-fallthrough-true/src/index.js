import readme from "./readme.md";
import notes from "./notes.txt";
export default { fetch: () => new Response(readme + notes) };
