function lazy() {
  return " (and a lazy chunk)";
}
export {
  lazy
};
//# sourceMappingURL=lazy-rxYsFB10.js.map
