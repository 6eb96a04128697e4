export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/report") {
      const { buildReport } = await import("./report.js");
      return new Response(buildReport());
    }
    const { render } = await import("./render.js");
    return new Response(render(url.pathname), { headers: { "content-type": "text/html" } });
  },
};
