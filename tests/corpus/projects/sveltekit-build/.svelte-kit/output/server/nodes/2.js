

export const index = 2;
let component_cache;
export const component = async () => component_cache ??= (await import('../entries/pages/_page.svelte.js')).default;
export const imports = ["_app/immutable/nodes/2.BqzHYAU9.js","_app/immutable/chunks/lRLvauCq.js","_app/immutable/chunks/8B5rhC_Y.js"];
export const stylesheets = [];
export const fonts = [];
