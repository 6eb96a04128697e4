globalThis.structuredClone ??= (v) => JSON.parse(JSON.stringify(v));
