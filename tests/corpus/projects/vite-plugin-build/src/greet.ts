export function greet(s: string): string { return `hello, ${s}`; }
