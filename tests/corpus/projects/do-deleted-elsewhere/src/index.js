export default {
  fetch(request, env) {
    return env.REMOTE_COUNTER.get(env.REMOTE_COUNTER.idFromName("x")).fetch(request);
  },
};
