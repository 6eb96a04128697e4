import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import path from "node:path";

const bus = new EventEmitter();

export default {
  fetch(request) {
    bus.emit("hit", request.url);
    const digest = createHash("sha256").update(path.basename(new URL(request.url).pathname)).digest("hex");
    return new Response(digest);
  },
};
