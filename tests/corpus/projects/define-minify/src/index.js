export default {
  fetch() {
    return new Response(__BUILD__);
  },
};
