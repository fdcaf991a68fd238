import { loadConfig } from '@ehr/platform';
import { gatewayConfigSchema } from './config.js';

const base = { SERVICE_NAME: 'gateway', PORT: '4000', DATABASE_URL: 'postgres://localhost/ehr', SUBGRAPHS: 'adt=http://adt:4001/graphql', GATEWAY_SHARED_SECRET: 'x'.repeat(32) };
const oidc = { OIDC_ISSUER: 'https://idp.test', OIDC_AUDIENCE: 'ehr-api', OIDC_JWKS_URL: 'https://idp.test/jwks.json' };

describe('gateway settings: production-safe by default', () => {
  it('requires OIDC when AUTH_MODE is not set: the demo issuer must be asked for', () => {
    expect(() => loadConfig(gatewayConfigSchema, base)).toThrow(/OIDC_ISSUER is required when AUTH_MODE=oidc/);
    expect(loadConfig(gatewayConfigSchema, { ...base, ...oidc }).AUTH_MODE).toBe('oidc');
    expect(loadConfig(gatewayConfigSchema, { ...base, AUTH_MODE: 'dev' }).AUTH_MODE).toBe('dev');
  });

  it('refuses the demo issuer with NODE_ENV=production', () => {
    expect(() => loadConfig(gatewayConfigSchema, { ...base, AUTH_MODE: 'dev', NODE_ENV: 'production' })).toThrow(/AUTH_MODE dev \(the demo issuer\) is refused with NODE_ENV=production/);
  });

  it('accepts asymmetric signing algorithms only', () => {
    expect(loadConfig(gatewayConfigSchema, { ...base, ...oidc }).OIDC_ALGORITHMS).toEqual(['RS256', 'ES256']);
    for (const algorithms of ['HS256', 'none', 'RS256,HS512']) {
      expect(() => loadConfig(gatewayConfigSchema, { ...base, ...oidc, OIDC_ALGORITHMS: algorithms })).toThrow(/OIDC_ALGORITHMS/);
    }
  });
});
