export const s = "shared";
