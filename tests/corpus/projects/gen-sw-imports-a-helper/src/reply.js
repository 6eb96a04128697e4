export function reply() {
  return new Response("from a helper");
}
