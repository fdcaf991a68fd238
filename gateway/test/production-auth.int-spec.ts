import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';

const repo = join(import.meta.dirname, '..', '..');
const issuer = 'https://idp.hospital.test/realms/ehr';
const audience = 'ehr-api';

/** Production settings end to end: a real issuer's keys (served here), no demo sign-in, no schema for strangers. */
describe('the gateway in production: OIDC required, strict tokens, no introspection or hints', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let jwks: Server;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  const tokenWith = (claims: JWTPayload, build: (jwt: SignJWT) => SignJWT = (jwt) => jwt.setIssuer(issuer).setAudience(audience).setExpirationTime('5m')) =>
    build(new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).setSubject(String(claims.sub ?? 'u-1')).setIssuedAt()).sign(privateKey);
  const graphql = async (token: string | null, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${stack.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: { code?: string; field?: string } }> };
  };

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const keys = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }] };
    jwks = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    db = await createTestDatabase();
    stack = await startServiceStack({
      repo,
      services: ['adt'],
      databaseUrl: db.url,
      envFor: {
        adt: { NODE_ENV: 'production' },
        gateway: { NODE_ENV: 'production', AUTH_MODE: 'oidc', OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json` },
      },
    });
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('serves a person whose token the identity provider signed', async () => {
    const answer = await graphql(await tokenWith({ sub: 'fay', role: 'bed-manager' }), `{ bedBoard(unitId: "ICU") { id status } }`);
    expect(answer.errors).toBeUndefined();
    expect((answer.data?.bedBoard as unknown[]).length).toBeGreaterThan(0);
  });

  it.each([
    ['no exp', () => tokenWith({ sub: 'fay', role: 'bed-manager' }, (jwt) => jwt.setIssuer(issuer).setAudience(audience)), /"exp" claim/],
    ['the wrong issuer', () => tokenWith({ sub: 'fay', role: 'bed-manager' }, (jwt) => jwt.setIssuer('https://evil.test').setAudience(audience).setExpirationTime('5m')), /"iss" claim/],
    ['the wrong audience', () => tokenWith({ sub: 'fay', role: 'bed-manager' }, (jwt) => jwt.setIssuer(issuer).setAudience('another-app').setExpirationTime('5m')), /"aud" claim/],
    [
      'alg HS256 (a shared secret where RS/ES is configured)',
      () => new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(issuer).setAudience(audience).setExpirationTime('5m').sign(new TextEncoder().encode('a-guessable-secret-a-guessable-secret')),
      /alg/,
    ],
    ['alg none', async () => new UnsecuredJWT({ role: 'admin' }).setSubject('x').setIssuer(issuer).setAudience(audience).setExpirationTime('5m').encode(), /./],
  ])('refuses a token with %s', async (_what, make, why) => {
    const answer = await graphql(await make(), `{ bedBoard { id } }`);
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.errors?.[0]?.message).toMatch(why);
  });

  it('opens the screens’ session from the identity provider’s token, in cookies sent over https only', async () => {
    const response = await fetch(`${stack.gateway.url}/auth/session`, { method: 'POST', headers: { authorization: `Bearer ${await tokenWith({ sub: 'rosa', role: 'nurse', name: 'Rosa Nurse, RN' })}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ username: 'rosa', role: 'nurse', csrf: expect.any(String) });
    // TLS ends at the proxy in front of the gateway: the request it sees is plain http, the cookies are Secure all the same.
    const cookies = response.headers.getSetCookie();
    expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual(['ehr_csrf', 'ehr_session']);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure/);
  });

  it('has no demo sign-in: the token endpoint and the demo users are not there', async () => {
    const token = await fetch(`${stack.gateway.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin' }) });
    expect(token.status).toBe(404);
    expect((await fetch(`${stack.gateway.url}/auth/demo-users`)).status).toBe(404);
  });

  it('answers no introspection and gives no "Did you mean" hints, even to a signed-in user', async () => {
    const token = await tokenWith({ sub: 'rosa', role: 'nurse' });
    const introspection = await graphql(token, `{ __schema { types { name } } }`);
    expect(introspection.data ?? null).toBeNull();
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await graphql(token, `{ bedBord { id } }`);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('serves a system client (client credentials) by the scopes in its token, nothing more', async () => {
    const client = await tokenWith({ sub: 'registry-sync', client_id: 'registry-sync', scope: 'openid system/Patient.read' });
    const answer = await graphql(client, `{ searchPatients(familyName: "Ab") { id } bedBoard(unitId: "ICU") { id } }`);
    expect(answer.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['FORBIDDEN', 'Query.bedBoard']]);
    expect(answer.data?.searchPatients).toEqual([]);
    const noScope = await graphql(await tokenWith({ sub: 'bed-display', client_id: 'bed-display', scope: 'openid' }), `{ bedBoard { id } }`);
    expect(noScope.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
