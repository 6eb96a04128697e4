import manifestJSON from "__STATIC_CONTENT_MANIFEST";

const manifest = JSON.parse(manifestJSON);

export default {
  async fetch(request, env) {
    const key = manifest["index.html"];
    const body = await env.__STATIC_CONTENT.get(key);
    return new Response(body, { headers: { "content-type": "text/html" } });
  },
};
