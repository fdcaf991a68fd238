import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { roles } from '@ehr/contracts';

/** The roles of the hospital's users and clients; the list lives with the access policy in contracts. */
export { roles, type Role } from '@ehr/contracts';

/** The longest a forwarded identity or service credential may live: one request's subgraph calls. */
export const maxForwardedLifetimeSeconds = 300;

const identitySchema = z.object({
  sub: z.string().min(1),
  role: z.enum(roles),
  name: z.string().optional(),
  /** The subgraph this identity was signed for (its SERVICE_NAME); any other refuses it. */
  aud: z.string().min(1),
  /** Seconds since the epoch; a forwarded identity is short-lived. */
  exp: z.number().int(),
  /** SMART-style scopes of a client's token (`system/Patient.read`); absent for a person's sign-in. */
  scopes: z.array(z.string()).optional(),
});
export type Identity = z.infer<typeof identitySchema>;

export const identityHeader = 'x-ehr-identity';
export const signatureHeader = 'x-ehr-identity-signature';
export const serviceCredentialHeader = 'x-ehr-service-credential';
export const serviceSignatureHeader = 'x-ehr-service-signature';

/** The purpose is part of what is signed, so an identity can never pass as a service credential. */
const sign = (purpose: 'identity' | 'service', payload: string, secret: string) => createHmac('sha256', secret).update(`${purpose}.${payload}`).digest('base64url');
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** What the gateway adds to each subgraph request after verifying the user's token. */
export function signIdentity(identity: Identity, secret: string): Record<string, string> {
  const payload = encode(identity);
  return { [identityHeader]: payload, [signatureHeader]: sign('identity', payload, secret) };
}

/**
 * What a service sends when it asks another service as itself, with no user behind it: the
 * gateway for a subgraph's schema (`_service`), a follower confirming how far the source's
 * stream has gone (`caller` names it).
 */
export function signServiceCredential(audience: string, secret: string, now = Date.now(), caller = 'gateway'): Record<string, string> {
  const payload = encode({ sub: caller, aud: audience, exp: Math.floor(now / 1000) + 60 });
  return { [serviceCredentialHeader]: payload, [serviceSignatureHeader]: sign('service', payload, secret) };
}

export class IdentityError extends Error {}

type Headers = Record<string, string | string[] | undefined>;

function verifySigned<T extends { aud: string; exp: number }>(purpose: 'identity' | 'service', headers: Headers, names: [string, string], schema: z.ZodType<T>, secret: string | undefined, audience: string, now: number): T {
  if (!secret) throw new IdentityError('this service has no gateway secret configured, so it accepts no requests');
  const payload = headers[names[0]];
  const signature = headers[names[1]];
  if (typeof payload !== 'string' || typeof signature !== 'string') throw new IdentityError(purpose === 'identity' ? 'the request carries no identity from the gateway' : 'the request carries no service credential from the gateway');
  const expected = Buffer.from(sign(purpose, payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new IdentityError(`the ${purpose === 'identity' ? 'identity' : 'service credential'} was not signed by the gateway`);
  let parsed: T;
  try {
    parsed = schema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw new IdentityError(`the ${purpose === 'identity' ? 'identity' : 'service credential'} is malformed`);
  }
  if (parsed.aud !== audience) throw new IdentityError(`the ${purpose === 'identity' ? 'identity' : 'service credential'} was signed for ${parsed.aud}, not for ${audience}`);
  if (parsed.exp * 1000 < now) throw new IdentityError(`the ${purpose === 'identity' ? 'identity' : 'service credential'} has expired`);
  if (parsed.exp * 1000 > now + maxForwardedLifetimeSeconds * 1000) throw new IdentityError(`the ${purpose === 'identity' ? 'identity' : 'service credential'} lives longer than ${maxForwardedLifetimeSeconds} s`);
  return parsed;
}

/**
 * Subgraphs trust only the gateway: the identity must carry the gateway's signature, be meant
 * for this subgraph (`audience`, its SERVICE_NAME) and be short-lived. Anything else is refused.
 */
export function verifyIdentity(headers: Headers, secret: string | undefined, audience: string, now = Date.now()): Identity {
  return verifySigned('identity', headers, [identityHeader, signatureHeader], identitySchema, secret, audience, now);
}

const serviceSchema = z.object({ sub: z.string().regex(/^[a-z][a-z0-9-]*$/), aud: z.string().min(1), exp: z.number().int() });
export type ServiceCredential = z.infer<typeof serviceSchema>;

/** A service asking as itself (`sub`: the gateway, or a service by its SERVICE_NAME); the caller checks who may ask what. */
export function verifyServiceCredential(headers: Headers, secret: string | undefined, audience: string, now = Date.now()): ServiceCredential {
  return verifySigned('service', headers, [serviceCredentialHeader, serviceSignatureHeader], serviceSchema, secret, audience, now);
}
