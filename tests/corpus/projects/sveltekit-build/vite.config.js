import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vite";

// ssr.noExternal: the server output carries its npm dependencies (devalue, cookie, ...) itself,
// so that wrangler can bundle it without node_modules.
export default defineConfig({ plugins: [sveltekit()], ssr: { noExternal: true } });
