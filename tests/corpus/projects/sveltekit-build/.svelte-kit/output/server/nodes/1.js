

export const index = 1;
let component_cache;
export const component = async () => component_cache ??= (await import('../entries/fallbacks/error.svelte.js')).default;
export const imports = ["_app/immutable/nodes/1.7jfabKmH.js","_app/immutable/chunks/lRLvauCq.js","_app/immutable/chunks/8B5rhC_Y.js","_app/immutable/chunks/dfUhVA27.js"];
export const stylesheets = [];
export const fonts = [];
