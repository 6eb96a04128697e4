export function format(n) {
  return n.toLocaleString("en-US");
}
