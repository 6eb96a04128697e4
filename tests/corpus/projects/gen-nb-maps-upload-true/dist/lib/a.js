export const a = "a";
//# sourceMappingURL=a.js.map
