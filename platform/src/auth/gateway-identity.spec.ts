import { IdentityError, signIdentity, verifyIdentity } from './gateway-identity.js';

const secret = 'a-shared-secret-of-at-least-32-characters';
const identity = { sub: 'nurse-1', role: 'nurse' as const, exp: Math.floor(Date.now() / 1000) + 60 };

describe('identity forwarded by the gateway', () => {
  it('verifies what the gateway signed', () => {
    expect(verifyIdentity(signIdentity(identity, secret), secret)).toEqual(identity);
  });

  it('refuses a forged, tampered, expired or missing identity', () => {
    expect(() => verifyIdentity(signIdentity(identity, 'another-secret-another-secret-1234'), secret)).toThrow(/not signed by the gateway/);
    const headers = signIdentity(identity, secret);
    const tampered = { ...headers, 'x-ehr-identity': Buffer.from(JSON.stringify({ ...identity, role: 'admin' })).toString('base64url') };
    expect(() => verifyIdentity(tampered, secret)).toThrow(IdentityError);
    expect(() => verifyIdentity(signIdentity({ ...identity, exp: 1 }, secret), secret)).toThrow(/expired/);
    expect(() => verifyIdentity({}, secret)).toThrow(/no identity/);
  });

  it('accepts nothing when no secret is configured', () => {
    expect(() => verifyIdentity(signIdentity(identity, secret), undefined)).toThrow(/accepts no requests/);
  });
});
