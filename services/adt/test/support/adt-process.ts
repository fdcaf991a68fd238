import { join } from 'node:path';
import { type Role, signIdentity } from '@ehr/platform';
import { type RunningService, startServiceProcess } from '@ehr/platform/testing';

export const gatewaySecret = 'test-gateway-secret-0123456789abcdef';

/**
 * The built ADT service, seeded with the demo hospital, trusting `gatewaySecret`. Tests post
 * scenario times of any age, so the back-dating limit is off unless a test sets it (null: the
 * service's default).
 */
export function startAdt(databaseUrl: string, port: number, extraEnv: Record<string, string | null> = {}): Promise<RunningService> {
  const env: Record<string, string | null> = { SERVICE_NAME: 'adt', DATABASE_URL: databaseUrl, GATEWAY_SHARED_SECRET: gatewaySecret, SEED_DEMO_HOSPITAL: 'true', ADT_BACKDATING_LIMIT_HOURS: 'off', ...extraEnv };
  // null: the variable is not set at all, so the service's own default applies.
  const set = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== null));
  return startServiceProcess({ main: join(import.meta.dirname, '..', '..', 'dist', 'main.js'), port, env: set });
}

export interface GraphqlResponse<T> {
  data: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** A GraphQL call as the gateway would make it for a user in `role`. */
export async function graphql<T = Record<string, unknown>>(url: string, role: Role | null, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> {
  const identity = role ? signIdentity({ sub: `${role}-1`, role, aud: 'adt', exp: Math.floor(Date.now() / 1000) + 60 }, gatewaySecret) : {};
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...identity }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as GraphqlResponse<T>;
}
