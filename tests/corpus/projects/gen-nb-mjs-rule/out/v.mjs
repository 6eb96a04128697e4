export const v = "mjs";
