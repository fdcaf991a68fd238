import { baseConfigSchema } from '@ehr/platform';
import { bootstrapService } from '@ehr/platform/nest';
import { OrdersApiModule } from './api/orders-api.module.js';

await bootstrapService({ configSchema: baseConfigSchema, modules: (config) => [OrdersApiModule.forRoot(config)] });
