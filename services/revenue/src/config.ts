import { z } from 'zod';
import { baseConfigSchema } from '@ehr/platform';

export const revenueConfigSchema = baseConfigSchema.and(
  z.object({
    /** Days after discharge an account waits for late charges before it may bill (suspense). */
    REVENUE_SUSPENSE_DAYS: z.coerce.number().int().min(0).max(30).default(3),
  }),
);
export type RevenueConfig = z.infer<typeof revenueConfigSchema>;
