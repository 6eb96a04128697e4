interface Env { NAME: string }
export default {
  async fetch(_req: Request, env: Env): Promise<Response> {
    return new Response(env.NAME);
  },
} satisfies ExportedHandler<Env>;
