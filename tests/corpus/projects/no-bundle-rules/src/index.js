import page from "./templates/page.html";
import blob from "./data/seed.bin";
import { format } from "./lib/format.js";

export default {
  fetch(request) {
    return new Response(page.replace("{n}", format(blob.byteLength)), { headers: { "content-type": "text/html" } });
  },
};
