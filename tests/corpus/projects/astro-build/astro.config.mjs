import { defineConfig } from "astro/config";
import cloudflare from "@astrojs/cloudflare";

// The smallest server build: no Images binding, no source maps, and the server chunks minified
// (Astro turns Vite's build.minify off for the server, so rolldown's own output.minify is set).
export default defineConfig({
  output: "server",
  adapter: cloudflare({ imageService: "passthrough" }),
  vite: { build: { sourcemap: false, rolldownOptions: { output: { minify: true } } } },
});
