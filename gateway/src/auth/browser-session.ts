import { createHash, createHmac } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import Tokens from '@fastify/csrf';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt } from 'jose';

/** The browser's session: the bearer token, in a cookie no script can read. */
export const sessionCookie = 'ehr_session';
/** The header that carries the session's CSRF token on every request the screens make. */
export const csrfHeader = 'x-csrf-token';
/** The secret the session's CSRF tokens are made from: per sign-in, in a cookie no script can read. */
const csrfSecretCookie = 'ehr_csrf';

/** What a browser session may reach: the patient record and the access reports. */
const sessionRoutes = /^\/(graphql|audit)(\/|\?|$)/;

/** The session a CSRF token belongs to: a token issued for one sign-in is useless with another's cookie. */
const sessionDigest = (token: string) => createHash('sha256').update(token).digest('base64url');


/**
 * Browser sessions (ADR 0031): the screens never hold the token. Signing in sets it in an
 * httpOnly, SameSite=Strict cookie and answers a CSRF token bound to that sign-in, which the
 * screens send as a header with every request. A request that presents the cookie is let in only
 * with its session's CSRF token, and then as if it had presented the token itself, so everything
 * after (rate limits, the identity, the audit) is the same for screens and integrators. Without
 * it, the answer is UNAUTHENTICATED: the screens ask the user to sign in again. API clients send
 * `Authorization: Bearer`; a request that does is never read as a session. Stateless: every
 * gateway instance with the same secret checks every session.
 */
export class BrowserSessions {
  private readonly tokens: Tokens.TokensUserinfo;

  /**
   * `secureCookies`: the cookies go over https only. In production TLS usually ends at a proxy in
   * front of the gateway, so the request the gateway sees is plain http: production says so.
   */
  constructor(
    secret: string,
    private readonly options: { secureCookies: boolean } = { secureCookies: false },
  ) {
    this.tokens = Tokens({ userInfo: true, hmacKey: createHmac('sha256', secret).update('browser-session-csrf').digest('base64url') });
  }

  /** Reads sessions on every request to the record and the reports, before anything else does. */
  async install(server: FastifyInstance): Promise<void> {
    await server.register(fastifyCookie);
    server.addHook('onRequest', (request, reply, done) => {
      const session = request.cookies[sessionCookie];
      if (request.headers.authorization || !session || !sessionRoutes.test(request.url)) return done();
      const secret = request.cookies[csrfSecretCookie];
      const csrf = request.headers[csrfHeader];
      if (!secret || typeof csrf !== 'string' || !this.tokens.verify(secret, csrf, sessionDigest(session))) {
        const message = 'this screen’s sign-in is not the browser’s current one (signed out, or signed in again elsewhere): sign in again';
        void reply.code(401).header('cache-control', 'no-store').send(request.url.startsWith('/graphql') ? { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] } : { statusCode: 401, message });
        return;
      }
      request.headers.authorization = `Bearer ${session}`;
      done();
    });
  }

  /** Opens a session for a verified token: the cookies, and the CSRF token the screens send with every request. */
  open(request: FastifyRequest, reply: FastifyReply, token: string): { csrf: string; expiresAt: string } {
    const expires = new Date((decodeJwt(token).exp ?? 0) * 1000);
    // A fresh secret per sign-in: nothing of the last user's session carries over to this one.
    const secret = this.tokens.secretSync();
    const cookie = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: this.options.secureCookies || request.protocol === 'https', expires };
    void reply.setCookie(sessionCookie, token, cookie).setCookie(csrfSecretCookie, secret, cookie);
    return { csrf: this.tokens.create(secret, sessionDigest(token)), expiresAt: expires.toISOString() };
  }

  /** Ends the session in this browser: both cookies are gone. */
  close(reply: FastifyReply): void {
    void reply.clearCookie(sessionCookie, { path: '/' }).clearCookie(csrfSecretCookie, { path: '/' });
  }
}
