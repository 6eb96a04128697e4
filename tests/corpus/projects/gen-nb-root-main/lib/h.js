export const h = "root";
