import { render } from "./assets/render-abc123.js";
export default {
  fetch() {
    return new Response(render(), { headers: { "content-type": "text/html" } });
  },
};
