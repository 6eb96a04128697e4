const { reply } = require("./reply.cjs");
addEventListener("fetch", (e) => e.respondWith(reply()));
