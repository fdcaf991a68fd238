import { bootstrapService } from '@ehr/platform/nest';
import { MarApiModule } from './api/mar-api.module.js';
import { marConfigSchema } from './config.js';

await bootstrapService({ configSchema: marConfigSchema, modules: (config) => [MarApiModule.forRoot(config)] });
