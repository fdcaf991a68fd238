import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { signIdentity } from '../src/auth/gateway-identity.js';
import type { BaseConfig } from '../src/config/config.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { createLogger } from '../src/logging/logger.js';
import { ServiceMessaging } from '../src/nest/messaging.js';
import { ServiceModule } from '../src/nest/service.module.js';
import { PG_POOL } from '../src/nest/tokens.js';
import type { Pool } from '../src/sql/pool.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-infrastructure.js';
import { appliedSummary, createAppliedTable, eventually, patientEvent, recordingHandler } from './support/messaging.js';

const run = promisify(execFile);
const secret = 'a-test-secret-of-at-least-32-characters!';
const root = join(import.meta.dirname, '..', '..');

describe('dead letters, for an operator: API and CLI', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let url: string;
  const broken = new Set([2, 4]);

  beforeEach(async () => {
    db = await createTestDatabase();
    const store = new PostgresEventStore({ pool: db.pool, schema: 'producer', pollIntervalMs: 50 });
    await store.migrate();
    await createAppliedTable(db.pool, 'consumer');
    for (let n = 0; n < 6; n++) await store.append(`thing-${n}`, [{ ...patientEvent(`p${n}`, n), data: { n, note: 'clinical note text' } }], { expectedVersion: 'any' });
    const config = { SERVICE_NAME: 'svc', PORT: 0, HOST: '127.0.0.1', DATABASE_URL: db.url, GATEWAY_SHARED_SECRET: secret, KAFKA_TOPIC_NAMESPACE: 'ehr' } as unknown as BaseConfig;
    const logger = createLogger({ service: 'svc', level: 'fatal' });
    const handler = recordingHandler('consumer', { fail: (e) => broken.has((e.data as { n: number }).n) });
    class Messaging {}
    Module({
      providers: [
        {
          provide: ServiceMessaging,
          inject: [PG_POOL],
          useFactory: (pool: Pool) => ServiceMessaging.start({ service: 'svc', schema: 'consumer', pool, kafka: null, store, consumers: [{ sources: ['producer'], handler }], logger }),
        },
      ],
    })(Messaging);
    class Service {}
    Module({ imports: [ServiceModule.forRoot(config, logger), Messaging] })(Service);
    app = await NestFactory.create<NestFastifyApplication>(Service, new FastifyAdapter(), { logger: false, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  const as = (role: string) => signIdentity({ sub: `u-${role}`, role: role as 'admin', aud: 'svc', exp: Math.floor(Date.now() / 1000) + 60 }, secret);
  const cli = (...args: string[]) => run(process.execPath, [join(root, 'tools', 'dead-letters', 'cli.ts'), '--url', url, '--service', 'svc', '--operator', 'dana', ...args], { env: { ...process.env, GATEWAY_SHARED_SECRET: secret } });

  it('lists them to an admin only, without their data, counts them on /health, replays after the fix and discards with a reason', async () => {
    await eventually('two dead letters', async () => (await db.pool.query(`SELECT 1 FROM consumer.dead_letters`)).rowCount === 2, 30_000);
    await eventually('four applied', async () => (await appliedSummary(db.pool, 'consumer')).rows === 4, 30_000);

    expect((await fetch(`${url}/admin/dead-letters`)).status).toBe(401);
    expect((await fetch(`${url}/admin/dead-letters`, { headers: as('nurse') })).status).toBe(403);
    const listed = await fetch(`${url}/admin/dead-letters`, { headers: as('admin') });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const body = await listed.text();
    expect(body).not.toMatch(/clinical note/);
    expect((JSON.parse(body) as { deadLetters: Array<{ error: string }> }).deadLetters.map((d) => d.error).sort()).toEqual(['Error: refusing event 2', 'Error: refusing event 4']);

    const health = (await (await fetch(`${url}/health`)).json()) as { messaging: { deadLetters: { open: number }; waiting: { events: number } } };
    expect(health.messaging.deadLetters.open).toBe(2);
    expect(health.messaging.waiting.events).toBe(0);

    const listing = await cli('list');
    expect(listing.stdout).toMatch(/^2 dead letter\(s\) open/);
    expect(listing.stdout).toMatch(/refusing event 2/);
    const [two, four] = (JSON.parse((await cli('list', '--json')).stdout) as Array<{ consumer: string; eventId: string; error: string }>).sort((a, b) => a.error.localeCompare(b.error));

    // Discarding needs a reason, and keeps it with who discarded it.
    await expect(cli('discard', four!.consumer, four!.eventId)).rejects.toMatchObject({ code: 2 });
    await cli('discard', four!.consumer, four!.eventId, '--reason', 'entered against the wrong test patient');

    broken.delete(2);
    expect((await cli('replay', '--all')).stdout).toMatch(/^1 dead letter/);
    await eventually('the fixed event applied', async () => (await appliedSummary(db.pool, 'consumer')).rows === 5, 30_000);
    const all = JSON.parse((await cli('list', '--status', 'all', '--json')).stdout) as Array<{ eventId: string; status: string; resolvedBy: string; discardReason: string | null; replays: number }>;
    expect(all.map((d) => ({ eventId: d.eventId, status: d.status, resolvedBy: d.resolvedBy, discardReason: d.discardReason })).sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { eventId: four!.eventId, status: 'discarded', resolvedBy: 'operator:dana', discardReason: 'entered against the wrong test patient' },
      { eventId: two!.eventId, status: 'replayed', resolvedBy: 'operator:dana', discardReason: null },
    ]);
    expect(await appliedSummary(db.pool, 'consumer')).toEqual({ rows: 5, maxApplied: 1, outOfOrderPatients: [] });
    expect((await cli('list')).stdout).toMatch(/^0 dead letter/);
  });
});
