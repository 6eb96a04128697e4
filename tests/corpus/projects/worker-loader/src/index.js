export default {
  async fetch(request, env) {
    const worker = env.LOADER.get("sandbox-1", async () => ({
      compatibilityDate: "2025-09-01",
      mainModule: "main.js",
      modules: { "main.js": "export default { fetch() { return new Response('sandboxed'); } };" },
    }));
    return worker.getEntrypoint().fetch(request);
  },
};
