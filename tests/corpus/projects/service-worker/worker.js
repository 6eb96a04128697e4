addEventListener("fetch", (event) => {
  event.respondWith(handle(event.request));
});

async function handle(request) {
  return new Response(TEMPLATE.replace("{site}", SITE), { headers: { "content-type": "text/html" } });
}
