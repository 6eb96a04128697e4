export default {
  fetch(request, env) {
    return new Response(`stage: ${env.STAGE}`);
  },
};
