// The smallest server build: minified, without source maps.
export default defineNuxtConfig({
  compatibilityDate: "2025-09-01",
  ssr: true,
  sourcemap: { server: false, client: false },
  nitro: { preset: "cloudflare_module", minify: true, cloudflare: { deployConfig: true, nodeCompat: true } },
  telemetry: false,
});
