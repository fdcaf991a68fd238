import type { LoggerService } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

/**
 * Logs carry ids, never PHI: no names, MRNs, birth dates or addresses at any level a
 * production system keeps. The redaction below is a safety net for mistakes, not a licence.
 */
export const phiKeys = ['name', 'givenName', 'givenNames', 'familyName', 'birthDate', 'mrn', 'address', 'phone', 'ssn', 'demographics'];
const redactPaths = phiKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function createLogger(options: { service: string; level?: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      // Every line logged inside a traced request says which trace it belongs to.
      mixin() {
        const span = trace.getActiveSpan()?.spanContext();
        return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** Nest's own messages through the same JSON logger. */
export class NestJsonLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
