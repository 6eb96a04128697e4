export const c = "root";
