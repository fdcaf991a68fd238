import { IdentityError, signIdentity, signServiceCredential, verifyIdentity, verifyServiceCredential } from './gateway-identity.js';

const secret = 'a-shared-secret-of-at-least-32-characters';
const identity = { sub: 'nurse-1', role: 'nurse' as const, aud: 'mar', exp: Math.floor(Date.now() / 1000) + 60 };

describe('identity forwarded by the gateway', () => {
  it('verifies what the gateway signed for this subgraph', () => {
    expect(verifyIdentity(signIdentity(identity, secret), secret, 'mar')).toEqual(identity);
  });

  it('refuses a forged, tampered, expired, missing or long-lived identity', () => {
    expect(() => verifyIdentity(signIdentity(identity, 'another-secret-another-secret-1234'), secret, 'mar')).toThrow(/not signed by the gateway/);
    const headers = signIdentity(identity, secret);
    const tampered = { ...headers, 'x-ehr-identity': Buffer.from(JSON.stringify({ ...identity, role: 'admin' })).toString('base64url') };
    expect(() => verifyIdentity(tampered, secret, 'mar')).toThrow(IdentityError);
    expect(() => verifyIdentity(signIdentity({ ...identity, exp: 1 }, secret), secret, 'mar')).toThrow(/expired/);
    expect(() => verifyIdentity(signIdentity({ ...identity, exp: Math.floor(Date.now() / 1000) + 3600 }, secret), secret, 'mar')).toThrow(/lives longer/);
    expect(() => verifyIdentity({}, secret, 'mar')).toThrow(/no identity/);
  });

  it('refuses an identity signed for another subgraph', () => {
    expect(() => verifyIdentity(signIdentity(identity, secret), secret, 'revenue')).toThrow(/signed for mar, not for revenue/);
  });

  it('accepts nothing when no secret is configured', () => {
    expect(() => verifyIdentity(signIdentity(identity, secret), undefined, 'mar')).toThrow(/accepts no requests/);
  });

  it('keeps the service credential and the identity apart', () => {
    expect(() => verifyServiceCredential(signServiceCredential('mar', secret), secret, 'mar')).not.toThrow();
    expect(() => verifyServiceCredential(signServiceCredential('adt', secret), secret, 'mar')).toThrow(/not for mar/);
    // A service asking another as itself is named by its credential, so the callee can tell the gateway from a follower.
    expect(verifyServiceCredential(signServiceCredential('adt', secret, Date.now(), 'mar'), secret, 'adt').sub).toBe('mar');
    // An identity's signature replayed as a service credential is refused: the purpose is signed too.
    const asIdentity = signIdentity(identity, secret);
    expect(() => verifyServiceCredential({ 'x-ehr-service-credential': asIdentity['x-ehr-identity'], 'x-ehr-service-signature': asIdentity['x-ehr-identity-signature'] }, secret, 'mar')).toThrow(/not signed/);
  });
});
