export default defineEventHandler((event) => ({ hello: "nitro", path: event.path }));
