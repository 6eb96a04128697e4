// Module scope runs when the Worker starts, and the runtime refuses random values there:
// this line fails the deploy. Compute the salt inside a handler instead.
export const SESSION_SALT = crypto.randomUUID();

export function sessionKey(id) {
  return `${SESSION_SALT}:${id}`;
}
