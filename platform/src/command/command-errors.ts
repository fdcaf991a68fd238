import { DomainError } from '../decider/domain-error.js';

/** The same idempotency key came back with a different request: a client mistake, refused (never retried); the first result stands. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor(readonly idempotencyKey: string) {
    super('IDEMPOTENCY_KEY_REUSED', `The key "${idempotencyKey}" was already used for a different request; send a new key for a new request.`, { idempotencyKey });
  }
}
