addEventListener("fetch", (event) => {
  event.respondWith(CACHE.get("k").then((v) => new Response(v ?? GREETING)));
});
