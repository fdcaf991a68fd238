import { z } from 'zod';
import { baseConfigSchema } from '@ehr/platform';
import { limitsConfigSchema } from './limits/limits-config.js';

const subgraphList = z
  .string()
  .regex(/^[a-z][a-z0-9-]*=https?:\/\/[^,\s]+(,[a-z][a-z0-9-]*=https?:\/\/[^,\s]+)*$/, 'must be name=url pairs, e.g. adt=http://127.0.0.1:4001/graphql,orders=http://...')
  .transform((v) => v.split(',').map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), url: pair.slice(pair.indexOf('=') + 1) })));

export const gatewayConfigSchema = baseConfigSchema
  .and(
    z.object({
      /** The subgraphs to compose: each service joins by configuration alone. */
      SUBGRAPHS: subgraphList,
      /**
       * oidc (the default): tokens from the hospital's identity provider (JWKS). dev: a built-in
       * issuer with demo users and clients, only when asked for, never with NODE_ENV=production.
       */
      AUTH_MODE: z.enum(['dev', 'oidc'], { error: 'must be dev or oidc' }).default('oidc'),
      NODE_ENV: z.string().optional(),
      /** The signing algorithms accepted from the identity provider: asymmetric only. */
      OIDC_ALGORITHMS: z
        .string()
        .regex(/^(RS|PS|ES)(256|384|512)(,(RS|PS|ES)(256|384|512))*$/, 'must be asymmetric algorithms such as RS256,ES256 (none and HS* are refused)')
        .default('RS256,ES256')
        .transform((v) => v.split(',')),
      OIDC_ISSUER: z.string().min(1).optional(),
      OIDC_AUDIENCE: z.string().min(1).optional(),
      OIDC_JWKS_URL: z.url({ error: 'must be the URL of the identity provider JWKS' }).optional(),
      MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
      /** One point per field, times the size of each list it sits in (see limits/cost-limit.ts). */
      MAX_QUERY_COST: z.coerce.number().int().min(10).default(10_000),
      /** How many items a list is assumed to hold when the query gives no first/limit. */
      ASSUMED_LIST_SIZE: z.coerce.number().int().min(1).default(20),
      /** How long the screens may sit untouched before they lock and their session ends: a workstation is shared. */
      SESSION_IDLE_SECONDS: z.coerce.number().int().min(5).max(86_400).default(900),
    }),
  )
  .and(limitsConfigSchema)
  .superRefine((c, ctx) => {
    if (!c.GATEWAY_SHARED_SECRET) ctx.addIssue({ code: 'custom', path: ['GATEWAY_SHARED_SECRET'], message: 'is required: subgraphs accept only identities the gateway signed with it' });
    if (c.AUTH_MODE === 'dev' && c.NODE_ENV === 'production') ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'dev (the demo issuer) is refused with NODE_ENV=production: configure OIDC' });
    if (c.AUTH_MODE === 'oidc') {
      for (const key of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when AUTH_MODE=oidc (the default; AUTH_MODE=dev runs the demo issuer in development)' });
      }
    }
  });
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
