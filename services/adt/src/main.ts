import { z } from 'zod';
import { baseConfigSchema } from '@ehr/platform';
import { bootstrapService } from '@ehr/platform/nest';
import { AdtApiModule } from './api/adt-api.module.js';
import { backdatingLimitSetting } from './config.js';

const adtConfigSchema = baseConfigSchema.and(
  z.object({
    /** Commission the demo hospital's beds at start-up (embedded mode); harmless to repeat. */
    SEED_DEMO_HOSPITAL: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true'),
    /** Where the HL7 v2 ADT feed goes over MLLP (host:port); absent = no feed. */
    HL7_RECEIVER: z
      .string()
      .regex(/^[^:\s]+:\d+$/, 'must be host:port')
      .optional(),
    /** A master patient index listens on the feed: A28 for each registration, A31 for each demographic change. */
    HL7_PERSON_MESSAGES: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true'),
    /** Event times older than this many hours need a late-entry reason (default 24); `off` only to load history. */
    ADT_BACKDATING_LIMIT_HOURS: backdatingLimitSetting,
    /** MSH-4 sending facility and the MRN assigning authority. */
    FACILITY_ID: z.string().regex(/^[A-Z0-9]{2,20}$/, 'must be 2-20 capital letters or digits').default('GENHOSP'),
  }),
);

await bootstrapService({ configSchema: adtConfigSchema, modules: (config) => [AdtApiModule.forRoot(config)] });
