addEventListener("fetch", (event) => {
  event.respondWith(new Response("ok"));
});
addEventListener("scheduled", (event) => {
  event.waitUntil(Promise.resolve());
});
