// the source the Vite plugin builds into dist/
export default {
  async fetch(request, env) {
    return new Response("ok");
  },
};
