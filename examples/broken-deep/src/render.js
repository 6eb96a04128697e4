export const render = (bytes) => `<p>${bytes.length} bytes</p>`;
