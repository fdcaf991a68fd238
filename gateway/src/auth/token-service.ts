import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, type JWTPayload, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import type { Logger } from 'pino';
import { type Role, roles } from '@ehr/platform';
import type { GatewayConfig } from '../config.js';
import type { Principal } from '../context.js';
import { demoClients, demoUsers } from './demo-users.js';

export class AuthenticationError extends Error {}

/** A client asked for something it may not have (OAuth 2.0 `invalid_client` / `invalid_scope`). */
export class ClientCredentialsError extends Error {
  constructor(
    readonly error: 'invalid_client' | 'invalid_scope',
    message: string,
  ) {
    super(message);
  }
}

const devIssuer = 'urn:ehr:dev-issuer';
const devAudience = 'ehr-gateway';
const devAlgorithm = 'ES256';

/** SMART-style scopes (`system/Patient.read`); OIDC's own (`openid profile`) narrow nothing here. */
const smartScope = /^(system|user|patient)\/[A-Za-z*]+\.(read|write|\*)$/;

export interface DevIssuer {
  jwks: unknown;
  signUser(username: string): Promise<string>;
  /** OAuth 2.0 client credentials: a token with the scopes asked for, at most those the client holds. */
  signClient(clientId: string, clientSecret: string, requestedScope: string | undefined): Promise<{ token: string; scope: string }>;
}

/**
 * Verifies bearer tokens: from the hospital's OIDC provider through its JWKS (the default), or,
 * only when AUTH_MODE=dev is asked for, from a built-in issuer (a fresh key pair per start, demo
 * users and clients). Every token must name its issuer, audience and expiry and be signed with
 * one of the configured asymmetric algorithms.
 */
export class TokenService {
  private constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
    private readonly algorithms: string[],
    readonly dev: DevIssuer | null,
  ) {}

  static async create(config: GatewayConfig, logger: Logger): Promise<TokenService> {
    if (config.AUTH_MODE === 'oidc') {
      return new TokenService(createRemoteJWKSet(new URL(config.OIDC_JWKS_URL!)), config.OIDC_ISSUER!, config.OIDC_AUDIENCE!, config.OIDC_ALGORITHMS, null);
    }
    logger.warn(
      { authMode: 'dev' },
      '*** DEVELOPMENT SIGN-IN (AUTH_MODE=dev): anyone can sign in as any demo user or client, admin included. Never expose this gateway; production uses AUTH_MODE=oidc. ***',
    );
    const { publicKey, privateKey } = await generateKeyPair(devAlgorithm);
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'dev-1', alg: devAlgorithm, use: 'sig' }] };
    const sign = (subject: string, claims: JWTPayload, lifetime: string) =>
      new SignJWT(claims).setProtectedHeader({ alg: devAlgorithm, kid: 'dev-1' }).setSubject(subject).setIssuer(devIssuer).setAudience(devAudience).setIssuedAt().setExpirationTime(lifetime).sign(privateKey);
    const dev: DevIssuer = {
      jwks,
      signUser: async (username) => {
        const user = demoUsers.find((u) => u.username === username);
        if (!user) throw new AuthenticationError(`no demo user "${username}"; try one of ${demoUsers.map((u) => u.username).join(', ')}`);
        return sign(user.username, { role: user.role, name: user.name }, '8h');
      },
      signClient: async (clientId, clientSecret, requestedScope) => {
        const client = demoClients.find((c) => c.clientId === clientId);
        if (!client || client.clientSecret !== clientSecret) throw new ClientCredentialsError('invalid_client', 'unknown client or wrong client_secret');
        const requested = requestedScope ? requestedScope.split(' ').filter(Boolean) : [...client.scopes];
        const refused = requested.filter((s) => !client.scopes.includes(s));
        if (refused.length) throw new ClientCredentialsError('invalid_scope', `scope ${refused.join(' ')} is not granted to ${clientId}; it holds ${client.scopes.join(' ')}`);
        const scope = requested.join(' ');
        return { token: await sign(client.clientId, { client_id: client.clientId, name: client.name, scope }, '1h'), scope };
      },
    };
    return new TokenService(createLocalJWKSet(jwks), devIssuer, devAudience, [devAlgorithm], dev);
  }

  async verify(authorization: string | undefined): Promise<Principal> {
    if (!authorization?.startsWith('Bearer ')) throw new AuthenticationError('sign in first: the request has no bearer token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(authorization.slice('Bearer '.length), this.keys, { issuer: this.issuer, audience: this.audience, algorithms: this.algorithms, requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      throw new AuthenticationError(`the token was refused: ${(error as Error).message}`);
    }
    const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter((s) => smartScope.test(s)) : [];
    const claimed = [payload.role, ...(Array.isArray(payload.roles) ? payload.roles : [])].find((r): r is Role => typeof r === 'string' && (roles as readonly string[]).includes(r));
    // A system client (client credentials) names no person's role: it is an integrator, narrowed by its scopes.
    const role: Role | undefined = claimed ?? (scopes.length ? 'integrator' : undefined);
    if (!payload.sub || !role) throw new AuthenticationError('the token names no user or no role this EHR knows');
    if (role === 'integrator' && !scopes.length) throw new AuthenticationError('a client token must carry scopes such as system/Patient.read');
    return { sub: payload.sub, role, name: typeof payload.name === 'string' ? payload.name : undefined, ...(scopes.length ? { scopes } : {}) };
  }
}
