import legacy from "./legacy.cjs";
export default { fetch: () => new Response(legacy.name) };
