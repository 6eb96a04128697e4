import { greet } from "./lib/greet.js";
import { shout } from "./lib/shout.js";
export default {
  fetch() {
    return new Response(shout(greet("tsc")));
  },
};
