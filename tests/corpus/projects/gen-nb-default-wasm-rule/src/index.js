import mod from "./tiny.wasm";
export default {
  async fetch() {
    await WebAssembly.instantiate(mod);
    return new Response("wasm");
  },
};
