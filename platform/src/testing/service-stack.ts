import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '../infra/free-port.js';
import { provisionDatabaseRoles, type RoleUrls } from '../infra/database-roles.js';
import { migrateAuditSchema } from '../service-schema.js';
import { createPool } from '../sql/pool.js';
import { type RunningService, startServiceProcess } from './service-process.js';

export interface GraphQLResponse<T> {
  data: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> & { code?: string } }>;
}

export interface ServiceStack {
  /** The gateway, serving the web app, sign-in and the federated API. */
  gateway: RunningService;
  /** Each started service by name, e.g. `services.adt.url` to call a subgraph directly. */
  services: Record<string, RunningService>;
  /** The secret the gateway signs identities with, to call a subgraph as the gateway would. */
  gatewaySecret: string;
  /** A demo user's bearer token (signed in once, then reused). */
  token(username: string): Promise<string>;
  /** One GraphQL operation through the gateway as a demo user; `null` sends no token. */
  call<T>(username: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** The repository root (the services are run from their built `dist`). */
  repo: string;
  /** Services in start order, e.g. ['adt', 'orders']; each joins the gateway as a subgraph. */
  services: string[];
  /** Every service's database, unless `databaseFor` gives one its own. */
  databaseUrl: string;
  databaseFor?: Record<string, string>;
  /**
   * Environment for every process (e.g. KAFKA_BROKERS), and per service. With KAFKA_BROKERS the
   * stack gets its own topic namespace, so stacks sharing one broker never read each other's
   * events (each test database issues the same MRNs).
   */
  env?: Record<string, string>;
  envFor?: Record<string, Record<string, string>>;
  /**
   * false: every process connects with `databaseUrl` as given (the administrator). By default each
   * connects with its own role (ADR 0027), provisioned from that URL, as in production.
   */
  databaseRoles?: boolean;
}

const secret = 'service-stack-secret-0123456789abcdef';
// Fixed, so stacks provisioning the cluster's roles at once agree on them; the server is the test's own.
const testPassword = (role: string) => `${role}-test-password`;
const mainOf = (repo: string, name: string) => (name === 'gateway' ? join(repo, 'gateway', 'dist', 'main.js') : join(repo, 'services', name, 'dist', 'main.js'));

/**
 * The system as it runs in production, for end-to-end tests: each service in its own process,
 * the gateway in front signing identities, the demo sign-in (AUTH_MODE=dev). ADT seeds the demo hospital.
 */
export async function startServiceStack(options: StackOptions): Promise<ServiceStack> {
  const shared: Record<string, string> = { ...options.env };
  if (shared.KAFKA_BROKERS && !shared.KAFKA_TOPIC_NAMESPACE) shared.KAFKA_TOPIC_NAMESPACE = `test-${randomUUID().slice(0, 8)}`;
  const started: Array<[string, RunningService]> = [];
  const stop = async () => {
    for (const [, service] of [...started].reverse()) await service.stop();
  };
  // Each database the stack uses, its roles provisioned once (the administrator's URL -> each process's).
  const provisioned = new Map<string, Promise<RoleUrls>>();
  const urlOf = async (adminUrl: string, name: string) => {
    if (options.databaseRoles === false) return adminUrl;
    if (!provisioned.has(adminUrl)) {
      // Without Kafka the consumers read the producers' event tables; with it they need not, and nothing is granted.
      provisioned.set(adminUrl, provisionDatabaseRoles(adminUrl, { services: options.services, eventReads: shared.KAFKA_BROKERS ? undefined : true, password: testPassword }));
    }
    return (await provisioned.get(adminUrl)!)[name]!;
  };
  try {
    for (const name of options.services) {
      const env = {
        SERVICE_NAME: name,
        DATABASE_URL: await urlOf(options.databaseFor?.[name] ?? options.databaseUrl, name),
        GATEWAY_SHARED_SECRET: secret,
        // Where each service started before this one answers (ADT_URL, ORDERS_URL): the eMAR confirms its copies there.
        ...Object.fromEntries(started.map(([earlier, service]) => [`${earlier.toUpperCase()}_URL`, service.url])),
        // Scenarios post times of any age: ADT's back-dating limit (24 h by default) is off here.
        ...(name === 'adt' ? { SEED_DEMO_HOSPITAL: 'true', ADT_BACKDATING_LIMIT_HOURS: 'off' } : {}),
        ...shared,
        ...options.envFor?.[name],
      };
      started.push([name, await startServiceProcess({ main: mainOf(options.repo, name), port: await freePort(), env })]);
    }
    const subgraphs = started.map(([name, service]) => `${name}=${service.url}/graphql`).join(',');
    if (options.databaseRoles !== false) {
      // The gateway's role may only read and append to the audit: its owner migrates it first, as the chart's Job does.
      const owner = createPool({ connectionString: await urlOf(options.databaseUrl, 'audit-owner'), applicationName: 'gateway-migrate' });
      await migrateAuditSchema(owner, join(options.repo, 'gateway', 'migrations')).finally(() => owner.end());
    }
    const gateway = await startServiceProcess({
      main: mainOf(options.repo, 'gateway'),
      port: await freePort(),
      // The demo sign-in is asked for explicitly; a test of production settings overrides it with envFor.gateway.
      env: { SERVICE_NAME: 'gateway', DATABASE_URL: await urlOf(options.databaseUrl, 'gateway'), GATEWAY_SHARED_SECRET: secret, SUBGRAPHS: subgraphs, AUTH_MODE: 'dev', NODE_ENV: 'development', ...shared, ...options.envFor?.gateway },
    });
    started.push(['gateway', gateway]);

    const tokens = new Map<string, string>();
    const token = async (username: string) => {
      if (!tokens.has(username)) {
        const response = await fetch(`${gateway.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
        if (!response.ok) throw new Error(`sign-in as ${username} failed with ${response.status}`);
        tokens.set(username, ((await response.json()) as { access_token: string }).access_token);
      }
      return tokens.get(username)!;
    };
    const call = async <T>(username: string | null, query: string, variables: Record<string, unknown> = {}) => {
      const auth = username ? { authorization: `Bearer ${await token(username)}` } : {};
      const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as GraphQLResponse<T>;
    };
    return { gateway, services: Object.fromEntries(started), gatewaySecret: secret, token, call, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Asks until the answer satisfies `done`: another service learns of an event a moment after it
 * was stored. Fails naming what did not happen and the last answer.
 */
export async function eventually<T>(ask: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await ask();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s; last answer: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
