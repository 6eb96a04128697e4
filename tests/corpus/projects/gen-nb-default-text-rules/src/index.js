import page from "./page.html";
import schema from "./schema.sql";
import notes from "./notes.txt";
export default {
  fetch() {
    return new Response(page + schema + notes);
  },
};
