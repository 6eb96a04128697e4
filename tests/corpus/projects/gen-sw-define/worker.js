addEventListener("fetch", (e) => e.respondWith(new Response(BUILD_ID)));
