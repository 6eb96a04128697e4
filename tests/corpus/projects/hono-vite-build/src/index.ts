import { Hono } from "hono";

type Bindings = { NOTES: KVNamespace };

const app = new Hono<{ Bindings: Bindings }>();

app.get("/", (c) => c.text("notes"));
app.get("/notes/:id", async (c) => {
  const note = await c.env.NOTES.get(c.req.param("id"));
  return note === null ? c.notFound() : c.json({ note });
});

export default app;
