import { join } from 'node:path';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { fragmentBomb } from '../src/limits/fragment-bomb.js';

const repo = join(import.meta.dirname, '..', '..');

describe('the gateway refuses abusive requests before running them', () => {
  let db: TestDatabase;
  let stack: ServiceStack;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt'], databaseUrl: db.url, envFor: { gateway: { RATE_LIMIT_PER_MINUTE: '60' } } });
  });
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const post = async (username: string, body: string) =>
    fetch(`${stack.gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(username)}` }, body });

  /** The quickest of three refusals, round trip: one slow tick of a shared machine is not the gateway's cost. */
  const quickestRefusal = async (query: string) => {
    let quickest = Infinity;
    let errors: Array<{ message: string; extensions?: Record<string, unknown> }> = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const response = await post('nurse', JSON.stringify({ query }));
      errors = ((await response.json()) as { errors: typeof errors }).errors;
      quickest = Math.min(quickest, performance.now() - started);
    }
    return { quickest, errors };
  };

  it('refuses a 1 KB fragment bomb of 22 doublings, an alias flood and a deep query, each before execution (well under a second, never the seconds an expansion takes)', async () => {
    await stack.call('nurse', '{ bedBoard { id } }'); // the gateway has composed its schema

    const bomb = await quickestRefusal(fragmentBomb(22));
    expect(bomb.errors[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(bomb.errors.map((e) => e.message).join('\n')).toMatch(/the query would cost about \d+ points; the limit is 10000/);
    expect(bomb.quickest).toBeLessThan(1000);

    const flood = await quickestRefusal(`{ ${Array.from({ length: 100 }, (_, i) => `c${i}: census(date: "2026-03-01") { lines { unitId } }`).join(' ')} }`);
    expect(flood.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: 'the query uses 100 aliases; the limit is 30. Ask for each thing once.' })]));
    expect(flood.quickest).toBeLessThan(1000);

    const deep = await quickestRefusal(`{ bedBoard { ${'patient { encounters { '.repeat(7)}id${' } }'.repeat(7)} } }`); // 1 + 7 x 2 + 1 fields
    expect(deep.errors.map((e) => e.message)).toContain('the query is 16 fields deep; the limit is 12. Ask for less at once.');
    expect(deep.quickest).toBeLessThan(1000);
  });

  it('charges an aggregate its weight for every alias: 28 aliased censuses do not fit', async () => {
    // 28 x (census weight 300 + 1 + 20 lines x (1 + 2 fields)) = 10108
    expect((await stack.call('nurse', `{ census(date: "2026-03-01") { lines { unitId patients } } }`)).errors).toBeUndefined();
    const answer = await stack.call('nurse', `{ ${Array.from({ length: 28 }, (_, i) => `c${i}: census(date: "2026-03-01") { lines { unitId patients } }`).join(' ')} }`);
    expect(answer.errors?.[0]?.message).toMatch(/^the query would cost about 10108 points; the limit is 10000/);
  });

  it('stops parsing a document of too many tokens', async () => {
    const response = await post('nurse', JSON.stringify({ query: `{ bedBoard { ${'id '.repeat(4000)} } }` }));
    expect(((await response.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toMatch(/Document contains more tha[nt] 3000 tokens/);
  });

  it('refuses a request body over the size limit', async () => {
    const response = await post('nurse', JSON.stringify({ query: '{ bedBoard { id } }', variables: { padding: 'x'.repeat(200_000) } }));
    expect(response.status).toBe(413);
  });

  it('limits each caller to its requests a minute, without slowing anyone else', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await post('coder', JSON.stringify({ query: '{ __typename }' }))).status);
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect((await post('biller', JSON.stringify({ query: '{ __typename }' }))).status).toBe(200);
  });

  it('tells browsers and proxies to keep no copy of an answer, sniff no types and frame nothing', async () => {
    const response = await post('nurse', JSON.stringify({ query: '{ bedBoard { id } }' }));
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
