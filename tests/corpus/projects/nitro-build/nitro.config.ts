import { defineNitroConfig } from "nitropack/config";

export default defineNitroConfig({
  preset: "cloudflare_module",
  compatibilityDate: "2025-09-01",
  cloudflare: { deployConfig: true, nodeCompat: true },
});
