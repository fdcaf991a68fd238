import { bootstrapService } from '@ehr/platform/nest';
import { RevenueApiModule } from './api/revenue-api.module.js';
import { revenueConfigSchema } from './config.js';

await bootstrapService({ configSchema: revenueConfigSchema, modules: (config) => [RevenueApiModule.forRoot(config)] });
