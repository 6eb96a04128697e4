export function json(value) {
  return new Response(JSON.stringify(value), { headers: { "content-type": "application/json" } });
}
