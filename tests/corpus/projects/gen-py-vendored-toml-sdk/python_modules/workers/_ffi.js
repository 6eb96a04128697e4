export const ffi = 1;
