import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The roles of the hospital's users and clients; anything else is refused. */
export const roles = ['nurse', 'physician', 'pharmacist', 'ed-staff', 'registrar', 'bed-manager', 'biller', 'coder', 'integrator', 'privacy-officer', 'admin'] as const;
export type Role = (typeof roles)[number];

const identitySchema = z.object({
  sub: z.string().min(1),
  role: z.enum(roles),
  name: z.string().optional(),
  /** Seconds since the epoch; a forwarded identity is short-lived. */
  exp: z.number().int(),
});
export type Identity = z.infer<typeof identitySchema>;

export const identityHeader = 'x-ehr-identity';
export const signatureHeader = 'x-ehr-identity-signature';

const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** What the gateway adds to each subgraph request after verifying the user's token. */
export function signIdentity(identity: Identity, secret: string): Record<string, string> {
  const payload = Buffer.from(JSON.stringify(identity)).toString('base64url');
  return { [identityHeader]: payload, [signatureHeader]: sign(payload, secret) };
}

export class IdentityError extends Error {}

/**
 * Subgraphs trust only the gateway: the identity must carry the gateway's signature and not
 * be expired. Anything else is refused (default deny).
 */
export function verifyIdentity(headers: Record<string, string | string[] | undefined>, secret: string | undefined, now = Date.now()): Identity {
  if (!secret) throw new IdentityError('this service has no gateway secret configured, so it accepts no requests');
  const payload = headers[identityHeader];
  const signature = headers[signatureHeader];
  if (typeof payload !== 'string' || typeof signature !== 'string') throw new IdentityError('the request carries no identity from the gateway');
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new IdentityError('the identity was not signed by the gateway');
  let parsed: Identity;
  try {
    parsed = identitySchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw new IdentityError('the identity is malformed');
  }
  if (parsed.exp * 1000 < now) throw new IdentityError('the identity has expired');
  return parsed;
}
