export const page = "astro-like";
