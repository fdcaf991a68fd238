import { bootstrapService } from '@ehr/platform/nest';
import { gatewayConfigSchema } from './config.js';
import { GatewayModule } from './gateway.module.js';

await bootstrapService({ configSchema: gatewayConfigSchema, modules: (config) => [GatewayModule.forRoot(config)] });
