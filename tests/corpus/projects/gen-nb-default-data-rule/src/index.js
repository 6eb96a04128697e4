import seed from "./seed.bin";
export default {
  fetch() {
    return new Response(seed);
  },
};
