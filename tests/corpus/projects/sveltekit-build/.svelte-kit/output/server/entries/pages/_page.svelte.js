import { p as escape_html } from "../../chunks/server.js";
// src/routes/+page.svelte
function _page($$renderer) {
	$$renderer.push(`<h1>Hello from SvelteKit</h1> <button>clicked ${escape_html(0)} times</button>`);
}
export { _page as default };
