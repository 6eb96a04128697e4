import { Buffer } from "node:buffer";

export default {
  fetch() {
    return new Response(Buffer.from("ok").toString());
  },
};
