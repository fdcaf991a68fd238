import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../src/infra/free-port.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-infrastructure.js';

const fixture = join(import.meta.dirname, 'support', 'tiny-service.mjs');

interface Run {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

function run(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', '@ehr/platform/telemetry/register', fixture], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stdout!.on('data', (c) => stdout.push(String(c)));
  child.stderr!.on('data', (c) => stderr.push(String(c)));
  return { child, stdout, stderr, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

type HealthBody = { status: string; checks: Record<string, { status: string; error?: string }> };

async function healthOf(port: number, child: ChildProcess): Promise<{ status: number; body: HealthBody }> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      return { status: response.status, body: (await response.json()) as HealthBody };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('the service never answered');
}

describe('service bootstrap', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stops start-up on a bad config value with a message naming the key', async () => {
    const service = run({ SERVICE_NAME: 'tiny', PORT: 'abc', DATABASE_URL: db.url, FACILITY_TIME_ZONE: 'Mars/Olympus' });
    expect(await service.exited).toBe(1);
    const stderr = service.stderr.join('');
    expect(stderr).toContain('config error');
    expect(stderr).toContain('PORT must be a number (got "abc")');
    expect(stderr).toContain('FACILITY_TIME_ZONE must be an IANA time zone');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('starts, reports healthy, logs JSON lines, and emits a trace for a request', async () => {
    const port = await freePort();
    const service = run({ SERVICE_NAME: 'tiny', PORT: String(port), DATABASE_URL: db.url, OTEL_TRACES_EXPORTER: 'console' });
    try {
      const health = await healthOf(port, service.child);
      expect(health).toEqual({ status: 200, body: { status: 'ok', checks: { database: { status: 'up' }, kafka: { status: 'not-configured' } } } });
      await new Promise((r) => setTimeout(r, 300));
      const out = service.stdout.join('');
      const jsonLines = out.split('\n').filter((l) => l.startsWith('{"')).map((l) => JSON.parse(l) as { service: string; msg: string });
      expect(jsonLines.some((l) => l.service === 'tiny' && l.msg === 'service started')).toBe(true);
      // The console exporter prints the HTTP server span of the /health request.
      expect(out).toMatch(/traceId: '[0-9a-f]{32}'/);
      expect(out).toMatch(/http\.route|\/health/);
    } finally {
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(service.stdout.join('')).toContain('"msg":"service stopped"');
    }
  });

  it('answers 503 naming the database when PostgreSQL does not answer', async () => {
    const port = await freePort();
    const closed = await freePort();
    const service = run({ SERVICE_NAME: 'tiny', PORT: String(port), DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/none` });
    try {
      const health = await healthOf(port, service.child);
      expect(health.status).toBe(503);
      expect(health.body.checks.database!.status).toBe('down');
      expect(health.body.checks.database!.error).toMatch(/ECONNREFUSED|connect/);
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  });
});
