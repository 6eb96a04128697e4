import { json } from "./respond.js";
export const report = async (env) => json(await env.AUTH.fetch("https://auth/report").then((r) => r.json()));
