

export const index = 0;
let component_cache;
export const component = async () => component_cache ??= (await import('../entries/fallbacks/layout.svelte.js')).default;
export const imports = ["_app/immutable/nodes/0.SQDzvfOH.js","_app/immutable/chunks/lRLvauCq.js","_app/immutable/chunks/8B5rhC_Y.js"];
export const stylesheets = [];
export const fonts = [];
