import { join } from 'node:path';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';

const repo = join(import.meta.dirname, '..', '..');

/** A browser, reduced to its cookie jar: what the gateway set is sent back, nothing else. */
class Browser {
  private readonly jar = new Map<string, string>();
  setCookies: string[] = [];

  constructor(private readonly origin: string) {}

  async fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${this.origin}${path}`, {
      method: init.method ?? 'POST',
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    this.setCookies = response.headers.getSetCookie();
    for (const set of this.setCookies) {
      const [pair] = set.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (!value || /expires=Thu, 01 Jan 1970/i.test(set)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  cookies = () => [...this.jar.keys()];
  signIn = (username: string) => this.fetch('/auth/session', { body: { username } });
  graphql = (query: string, csrf: string | null) => this.fetch('/graphql', { headers: csrf ? { 'x-csrf-token': csrf } : {}, body: { query } });
}

describe('the screens’ session: an httpOnly cookie, and a CSRF token bound to the sign-in', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  const board = '{ bedBoard { id status } }';

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt'], databaseUrl: db.url });
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('signs in to a cookie no script can read, and answers who signed in and the CSRF token, never the token itself', async () => {
    const browser = new Browser(stack.gateway.url);
    const signedIn = await browser.signIn('nurse');
    expect(signedIn).toMatchObject({ status: 200, body: { username: 'nurse', name: 'Rosa Nurse, RN', role: 'nurse', csrf: expect.any(String), expiresAt: expect.any(String) } });
    expect(JSON.stringify(signedIn.body)).not.toMatch(/eyJ/); // no JWT in what a script can read
    const session = browser.setCookies.find((c) => c.startsWith('ehr_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Path=\//);
    expect(browser.setCookies.find((c) => c.startsWith('ehr_csrf='))).toMatch(/HttpOnly/);
    const hours = (Date.parse(String(signedIn.body.expiresAt)) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
  });

  it('answers a request with the cookie and its CSRF token as the signed-in user, and audits it under that user', async () => {
    const browser = new Browser(stack.gateway.url);
    const { body } = await browser.signIn('bedmanager');
    const answer = await browser.fetch('/graphql', { headers: { 'x-csrf-token': String(body.csrf) }, body: { query: 'query sessionBoard { bedBoard { id } }' } });
    expect(answer.status).toBe(200);
    expect((answer.body.data as { bedBoard: unknown[] }).bedBoard.length).toBeGreaterThan(0);
    const { rows } = await db.pool.query<{ actor_id: string; actor_role: string }>(`SELECT actor_id, actor_role FROM gateway.audit_log WHERE operation_name = 'sessionBoard'`);
    expect(rows).toEqual([{ actor_id: 'bedmanager', actor_role: 'bed-manager' }]);
  });

  it('refuses the cookie without its CSRF token, as another site’s form or script would send it', async () => {
    const browser = new Browser(stack.gateway.url);
    await browser.signIn('nurse');
    const forged = await browser.graphql(board, null);
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ errors: [{ message: expect.stringMatching(/sign in again/), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await browser.graphql(board, 'not-a-token')).status).toBe(401);
    expect((await browser.fetch('/audit/user-access?userId=nurse', { method: 'GET', headers: {} })).status).toBe(401);
  });

  it('never acts under the wrong name: after another sign-in in the same browser, the earlier screen’s CSRF token opens nothing', async () => {
    const browser = new Browser(stack.gateway.url);
    const nurse = await browser.signIn('nurse');
    expect((await browser.graphql(board, String(nurse.body.csrf))).status).toBe(200);
    const registrar = await browser.signIn('registrar');
    expect((await browser.graphql(board, String(nurse.body.csrf))).status).toBe(401);
    expect((await browser.graphql(board, String(registrar.body.csrf))).status).toBe(200);
  });

  it('signs out: both cookies are gone and the CSRF token is worth nothing', async () => {
    const browser = new Browser(stack.gateway.url);
    const { body } = await browser.signIn('nurse');
    expect(browser.cookies().sort()).toEqual(['ehr_csrf', 'ehr_session']);
    expect((await browser.fetch('/auth/session', { method: 'DELETE' })).status).toBe(204);
    expect(browser.cookies()).toEqual([]);
    const after = await browser.graphql(board, String(body.csrf));
    expect(after.body).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('opens no session for an unknown user or a system client, and leaves API clients’ bearer tokens as they were', async () => {
    const browser = new Browser(stack.gateway.url);
    expect((await browser.signIn('nobody')).status).toBe(401);
    const client = (await (
      await fetch(`${stack.gateway.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'lab-interface', client_secret: 'dev-lab-interface-secret' }) })
    ).json()) as { access_token: string };
    expect((await browser.fetch('/auth/session', { headers: { authorization: `Bearer ${client.access_token}` } })).status).toBe(400);
    expect(browser.cookies()).toEqual([]);
    const api = await browser.fetch('/graphql', { headers: { authorization: `Bearer ${client.access_token}` }, body: { query: board } });
    expect(api.status).toBe(200);
  });
});
