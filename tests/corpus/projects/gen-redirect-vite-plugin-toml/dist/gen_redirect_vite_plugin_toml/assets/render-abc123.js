export const render = () => "<h1>rendered</h1>";
