import { createLocalJWKSet, createRemoteJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import { type Identity, type Role, roles } from '@ehr/platform';
import type { GatewayConfig } from '../config.js';
import { demoUsers } from './demo-users.js';

export class AuthenticationError extends Error {}

const devIssuer = 'urn:ehr:dev-issuer';
const devAudience = 'ehr-gateway';

/**
 * Verifies bearer tokens: from the built-in development issuer (a fresh key pair per start,
 * demo users only) or from the hospital's OIDC provider through its JWKS.
 */
export class TokenService {
  private constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
    readonly dev: { sign(username: string): Promise<string>; jwks: unknown } | null,
  ) {}

  static async create(config: GatewayConfig): Promise<TokenService> {
    if (config.AUTH_MODE === 'oidc') {
      return new TokenService(createRemoteJWKSet(new URL(config.OIDC_JWKS_URL!)), config.OIDC_ISSUER!, config.OIDC_AUDIENCE!, null);
    }
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'dev-1', alg: 'ES256', use: 'sig' };
    const jwks = { keys: [jwk] };
    const sign = async (username: string) => {
      const user = demoUsers.find((u) => u.username === username);
      if (!user) throw new AuthenticationError(`no demo user "${username}"; try one of ${demoUsers.map((u) => u.username).join(', ')}`);
      return new SignJWT({ role: user.role, name: user.name })
        .setProtectedHeader({ alg: 'ES256', kid: 'dev-1' })
        .setSubject(user.username)
        .setIssuer(devIssuer)
        .setAudience(devAudience)
        .setIssuedAt()
        .setExpirationTime('8h')
        .sign(privateKey);
    };
    return new TokenService(createLocalJWKSet(jwks), devIssuer, devAudience, { sign, jwks });
  }

  async verify(authorization: string | undefined): Promise<Identity> {
    if (!authorization?.startsWith('Bearer ')) throw new AuthenticationError('sign in first: the request has no bearer token');
    let payload;
    try {
      ({ payload } = await jwtVerify(authorization.slice('Bearer '.length), this.keys, { issuer: this.issuer, audience: this.audience }));
    } catch (error) {
      throw new AuthenticationError(`the token was refused: ${(error as Error).message}`);
    }
    const claimed = [payload.role, ...(Array.isArray(payload.roles) ? payload.roles : [])].find((r): r is Role => typeof r === 'string' && (roles as readonly string[]).includes(r));
    if (!payload.sub || !claimed) throw new AuthenticationError('the token names no user or no role this EHR knows');
    // The forwarded identity lives a minute: long enough for one request's subgraph calls.
    return { sub: payload.sub, role: claimed, name: typeof payload.name === 'string' ? payload.name : undefined, exp: Math.floor(Date.now() / 1000) + 60 };
  }
}
