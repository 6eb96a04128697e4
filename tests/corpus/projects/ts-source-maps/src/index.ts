import { route } from "./router";

export interface Env {
  GREETING?: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    return route(request, env.GREETING ?? "hello");
  },
} satisfies ExportedHandler<Env>;
