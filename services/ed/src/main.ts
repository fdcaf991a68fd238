import { bootstrapService } from '@ehr/platform/nest';
import { EdApiModule } from './api/ed-api.module.js';
import { edConfigSchema } from './config.js';

await bootstrapService({ configSchema: edConfigSchema, modules: (config) => [EdApiModule.forRoot(config)] });
