addEventListener("fetch", (e) => e.respondWith(new Response(page_html)));
