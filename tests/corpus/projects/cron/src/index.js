export default {
  async scheduled(controller, env, ctx) {
    console.log("cron", controller.cron);
  },
  fetch() {
    return new Response("cron worker");
  },
};
