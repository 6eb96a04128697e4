import m from "./add.wasm";
export default { async fetch() { await WebAssembly.instantiate(m); return new Response("ok"); } };
