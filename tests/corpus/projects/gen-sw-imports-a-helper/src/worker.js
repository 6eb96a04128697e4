import { reply } from "./reply.js";
addEventListener("fetch", (e) => e.respondWith(reply()));
