// The smallest service there is: the platform's bootstrap with no feature modules.
import { baseConfigSchema } from '@ehr/platform';
import { bootstrapService } from '@ehr/platform/nest';

await bootstrapService({ configSchema: baseConfigSchema, modules: () => [] });
