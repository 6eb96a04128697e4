export function buildReport() {
  return ["a", "b", "c"].map((x, i) => `${i}: ${x}`).join("\n");
}
