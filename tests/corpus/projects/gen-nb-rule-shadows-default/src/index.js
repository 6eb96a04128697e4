import readme from "./readme.md";
export default { fetch: () => new Response(readme) };
