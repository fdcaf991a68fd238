import { z } from 'zod';
import { type BaseConfig, baseConfigSchema } from '@ehr/platform';

const httpUrl = z.string().refine((v) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, 'must be a URL starting with http:// or https://');

/** The eMAR's settings beyond every service's. */
export const marConfigSchema = baseConfigSchema.and(
  z.object({
    /**
     * Where ADT and orders answer how far an encounter's and an order's streams have gone. A dose
     * is documented only once the eMAR has confirmed its copies against them (ADR 0023); without
     * an address every documentation is refused STATE_UNCONFIRMED.
     */
    ADT_URL: httpUrl.optional(),
    ORDERS_URL: httpUrl.optional(),
    /** How long documentation may wait for that confirmation before it is refused (ms). */
    MAR_CONFIRM_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(100).max(10_000).default(2_000),
    /** Lag drills only: the followers of ADT and orders wait this long before each event (ms). */
    MAR_FOLLOWER_DELAY_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).max(60_000).default(0),
  }),
);
export type MarConfig = BaseConfig & z.infer<typeof marConfigSchema>;
