export default {
  async fetch(request, env) {
    return env.COUNTER.get(env.COUNTER.idFromName("a")).fetch(request);
  },
};
