export default {
  fetch(request, env) {
    return env.CLIENT_CERT.fetch("https://internal.example.com/health");
  },
};
