export function greet(n) {
    return `hello ${n}`;
}
