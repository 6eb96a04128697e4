const app = { fetch: () => new Response("app") };
export default app;
