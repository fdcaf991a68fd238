import { z } from 'zod';
import { baseConfigSchema } from '@ehr/platform';
import { bootstrapService } from '@ehr/platform/nest';
import { AdtApiModule } from './api/adt-api.module.js';

const adtConfigSchema = baseConfigSchema.and(
  z.object({
    /** Commission the demo hospital's beds at start-up (embedded mode); harmless to repeat. */
    SEED_DEMO_HOSPITAL: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true'),
  }),
);

await bootstrapService({ configSchema: adtConfigSchema, modules: (config) => [AdtApiModule.forRoot(config)] });
