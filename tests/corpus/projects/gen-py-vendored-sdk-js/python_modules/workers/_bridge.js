export function bridge() {
  return 1;
}
