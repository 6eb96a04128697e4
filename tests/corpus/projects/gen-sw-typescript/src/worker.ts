const greeting: string = "hello";
addEventListener("fetch", (event: FetchEvent) => {
  event.respondWith(new Response(greeting));
});
