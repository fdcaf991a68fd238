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
      /** dev: a built-in issuer with demo users; oidc: tokens from the hospital's identity provider (JWKS). */
      AUTH_MODE: z.enum(['dev', 'oidc'], { error: 'must be dev or oidc' }).default('dev'),
      OIDC_ISSUER: z.string().min(1).optional(),
      OIDC_AUDIENCE: z.string().min(1).optional(),
      OIDC_JWKS_URL: z.url({ error: 'must be the URL of the identity provider JWKS' }).optional(),
      MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
      /** One point per field, times the size of each list it sits in (see limits/cost-limit.ts). */
      MAX_QUERY_COST: z.coerce.number().int().min(10).default(10_000),
      /** How many items a list is assumed to hold when the query gives no first/limit. */
      ASSUMED_LIST_SIZE: z.coerce.number().int().min(1).default(20),
    }),
  )
  .and(limitsConfigSchema)
  .superRefine((c, ctx) => {
    if (!c.GATEWAY_SHARED_SECRET) ctx.addIssue({ code: 'custom', path: ['GATEWAY_SHARED_SECRET'], message: 'is required: subgraphs accept only identities the gateway signed with it' });
    if (c.AUTH_MODE === 'oidc') {
      for (const key of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL'] as const) {
        if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when AUTH_MODE=oidc' });
      }
    }
  });
export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
