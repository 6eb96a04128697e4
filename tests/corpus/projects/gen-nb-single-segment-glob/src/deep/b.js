export const b = "not matched by *.js";
