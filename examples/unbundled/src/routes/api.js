import { query } from "../lib/db.js";
import { json } from "/src/lib/respond.js";

const ROUTE = /^\/api\/(users|teams)\/(\d+)$/;

export async function route(request, env) {
  const m = ROUTE.exec(new URL(request.url).pathname);
  if (!m) return json({ error: `no route for ${request.url}` }, 404);
  return json(await query(env.DB, m[1], Number(m[2])));
}
