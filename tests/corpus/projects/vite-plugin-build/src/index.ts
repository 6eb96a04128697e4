import { greet } from "./greet";

export default {
  async fetch(_request: Request, env: { GREETING: string }): Promise<Response> {
    const { lazy } = await import("./lazy");
    return new Response(greet(env.GREETING) + lazy());
  },
};
