import readme from "./content/readme.md";
import page from "./content/page.html";

export default {
  fetch(request) {
    const path = new URL(request.url).pathname;
    return new Response(path === "/readme" ? readme : page);
  },
};
