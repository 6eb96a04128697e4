export const version = "1";
export default {
  async fetch(request, env) {
    return new Response("ok");
  },
};
