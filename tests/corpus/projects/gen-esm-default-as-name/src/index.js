const handler = { fetch: () => new Response("ok") };
export { handler as default };
