import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';

/** The W3C traceparent of the active span, to stamp on events; null outside a trace. */
export function currentTraceparent(): string | null {
  if (!trace.getActiveSpan()) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** Runs `work` as a continuation of the trace an event or message carried. */
export function withTraceparent<T>(traceparent: string | null | undefined, work: () => T): T {
  if (!traceparent) return work();
  return context.with(propagation.extract(ROOT_CONTEXT, { traceparent }), work);
}
