import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { signIdentity, type Role } from '@ehr/platform';

export const gatewaySecret = 'test-gateway-secret-0123456789abcdef';

/** The built ADT service in its own process, as it runs in production. */
export async function startAdt(databaseUrl: string, port: number): Promise<{ child: ChildProcess; url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', '@ehr/platform/telemetry/register', join(import.meta.dirname, '..', '..', 'dist', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', SERVICE_NAME: 'adt', PORT: String(port), DATABASE_URL: databaseUrl, GATEWAY_SHARED_SECRET: gatewaySecret, SEED_DEMO_HOSPITAL: 'true', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`the ADT service exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface GraphqlResponse<T> {
  data: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** A GraphQL call as the gateway would make it for a user in `role`. */
export async function graphql<T = Record<string, unknown>>(url: string, role: Role | null, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> {
  const identity = role ? signIdentity({ sub: `${role}-1`, role, exp: Math.floor(Date.now() / 1000) + 60 }, gatewaySecret) : {};
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...identity }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as GraphqlResponse<T>;
}
