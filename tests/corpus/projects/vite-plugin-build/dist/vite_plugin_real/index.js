function greet(s) {
  return `hello, ${s}`;
}
const index = {
  async fetch(_request, env) {
    const { lazy } = await import("./assets/lazy-rxYsFB10.js");
    return new Response(greet(env.GREETING) + lazy());
  }
};
const workerEntry = index ?? {};
export {
  workerEntry as default
};
//# sourceMappingURL=index.js.map
