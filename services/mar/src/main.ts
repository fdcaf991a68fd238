import { baseConfigSchema } from '@ehr/platform';
import { bootstrapService } from '@ehr/platform/nest';
import { MarApiModule } from './api/mar-api.module.js';

await bootstrapService({ configSchema: baseConfigSchema, modules: (config) => [MarApiModule.forRoot(config)] });
