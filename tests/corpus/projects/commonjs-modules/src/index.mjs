import legacy from "./legacy.cjs";

export default {
  fetch() {
    return new Response(legacy.greet("cjs"));
  },
};
