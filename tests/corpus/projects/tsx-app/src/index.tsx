function h(tag: string, props: Record<string, string> | null, ...children: string[]): string {
  const attrs = Object.entries(props ?? {}).map(([k, v]) => ` ${k}="${v}"`).join("");
  return `<${tag}${attrs}>${children.join("")}</${tag}>`;
}
function Fragment(_: unknown, ...children: string[]): string {
  return children.join("");
}

export default {
  fetch(): Response {
    const html = <main class="app"><h1>hello</h1></main>;
    return new Response(html, { headers: { "content-type": "text/html" } });
  },
};
