import type { Identity } from '@ehr/platform';

/** Who the gateway verified: a person (role) or a system client (role integrator, with scopes). */
export type Principal = Omit<Identity, 'aud' | 'exp'>;

/** Per request: who is asking (verified), and from where. */
export interface GatewayContext {
  identity: Principal;
  clientAddress: string | null;
}
