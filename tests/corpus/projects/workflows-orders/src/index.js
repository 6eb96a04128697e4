import { WorkflowEntrypoint } from "cloudflare:workers";

export class OrderWorkflow extends WorkflowEntrypoint {
  async run(event, step) {
    const order = await step.do("load order", async () => ({ id: event.payload.id }));
    await step.sleep("wait", "1 minute");
    return step.do("charge", async () => ({ charged: order.id }));
  }
}

export default {
  async fetch(request, env) {
    const instance = await env.ORDERS.create({ params: { id: crypto.randomUUID() } });
    return Response.json({ id: instance.id });
  },
};
