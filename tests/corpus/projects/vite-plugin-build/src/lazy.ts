export function lazy(): string { return " (and a lazy chunk)"; }
