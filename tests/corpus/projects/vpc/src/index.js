export default {
  fetch(request, env) {
    return env.INTERNAL_API.fetch("http://10.0.0.5/status");
  },
};
