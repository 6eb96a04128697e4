// the TypeScript source (built by tsc)
