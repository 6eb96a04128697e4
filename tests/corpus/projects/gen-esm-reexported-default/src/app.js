export default { fetch: () => new Response("app") };
