import type { Identity } from '@ehr/platform';

/** Per request: who is asking (verified), and from where. */
export interface GatewayContext {
  identity: Identity;
  clientAddress: string | null;
}
