import type { Identity } from '../auth/gateway-identity.js';

/**
 * A subgraph's HTTP request once the gateway's signed identity on it is verified (see
 * access-policy.ts): the identity is kept on the request as the actor of the events it causes.
 * Who may do what is the access policy's alone (contracts), enforced on every field.
 */
export interface RequestWithIdentity {
  headers: Record<string, string | string[] | undefined>;
  identity?: Identity;
}
