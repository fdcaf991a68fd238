import { z } from 'zod';

const port = z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535');
const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.join(' or ')}//`);

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as America/New_York');

/** What every service reads from its environment. Services extend it with their own keys. */
export const baseConfigSchema = z
  .object({
    SERVICE_NAME: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case name such as adt'),
    PORT: port,
    /** The listen address: loopback unless told otherwise (a container sets 0.0.0.0). */
    HOST: z.string().min(1, 'must be an address such as 127.0.0.1 or 0.0.0.0').default('127.0.0.1'),
    DATABASE_URL: url(['postgres:', 'postgresql:']),
    EVENT_STORE: z.enum(['postgres', 'eventstoredb'], { error: 'must be postgres or eventstoredb' }).default('postgres'),
    EVENTSTOREDB_URL: url(['esdb:', 'esdb+discover:', 'kurrentdb:', 'kurrentdb+discover:']).optional(),
    /** Absent: the embedded transport (services read each other's event tables). */
    KAFKA_BROKERS: z
      .string()
      .regex(/^[^,\s:]+:\d+(,[^,\s:]+:\d+)*$/, 'must be host:port[,host:port...]')
      .optional(),
    /** Kafka topics are `<namespace>.<service>.events`; give environments sharing a cluster their own. */
    KAFKA_TOPIC_NAMESPACE: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'must be a lower-case name such as ehr or ehr-staging')
      .default('ehr'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], { error: 'must be one of fatal, error, warn, info, debug, trace' }).default('info'),
    OTEL_EXPORTER_OTLP_ENDPOINT: url(['http:', 'https:']).optional(),
    FACILITY_TIME_ZONE: timeZone.default('America/New_York'),
    GATEWAY_SHARED_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  })
  .superRefine((config, ctx) => {
    if (config.EVENT_STORE === 'eventstoredb' && !config.EVENTSTOREDB_URL) {
      ctx.addIssue({ code: 'custom', path: ['EVENTSTOREDB_URL'], message: 'is required when EVENT_STORE=eventstoredb' });
    }
  });
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Every bad key at once, each named, so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`config error:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(config)';
    const got = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const message = issue.code === 'invalid_type' && got === undefined ? 'is required' : issue.message;
    return got === undefined ? `${key} ${message}` : `${key} ${message} (got "${got}")`;
  });
  throw new ConfigError(problems);
}

/** For start-up: a bad value stops the process with the keys named, not a stack trace. */
export function loadConfigOrExit<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): z.output<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
