/** The same idempotency key came back with a different command: a client bug, never retried. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly idempotencyKey: string) {
    super(`idempotency key "${idempotencyKey}" was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
