import { AsyncLocalStorage } from "node:async_hooks";
import { Buffer } from "node:buffer";

const als = new AsyncLocalStorage();

export default {
  fetch(request) {
    return als.run(Buffer.from("x"), () => new Response(String(als.getStore().length)));
  },
};
