import mod from "./add.wasm";

export default {
  async fetch() {
    const instance = await WebAssembly.instantiate(mod);
    return new Response(typeof instance.exports);
  },
};
