import { AsyncLocalStorage } from "node:async_hooks";

const store = new AsyncLocalStorage();

export default {
  fetch(request) {
    return store.run({ url: request.url }, () => new Response(store.getStore().url));
  },
};
