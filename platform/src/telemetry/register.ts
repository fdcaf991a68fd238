// Loaded before the application (`node --import @ehr/platform/telemetry/register main.js`) so
// HTTP, GraphQL, PostgreSQL and Kafka are instrumented before they are imported. Traces leave the
// process only when OTEL_EXPORTER_OTLP_ENDPOINT is set (or OTEL_TRACES_EXPORTER=console).
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, ConsoleSpanExporter, NoopSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import type { Span } from '@opentelemetry/api';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
const toConsole = process.env.OTEL_TRACES_EXPORTER === 'console';
const spanProcessors = toConsole
  ? [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })]
  : endpoint
    ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }) })]
    : // Without an exporter spans still exist, so trace context flows into events and Kafka headers.
      [new NoopSpanProcessor()];

// A message's key is its patient id (one patient's events stay in order): never a span attribute.
const withoutMessageKey = (span: Span) => void span.setAttribute('messaging.kafka.message.key', 'redacted');

const sdk = new NodeSDK({
  serviceName: process.env.SERVICE_NAME ?? 'ehr',
  spanProcessors,
  // Resolver spans would drown a trace; operations and their parse/validate/execute are enough.
  instrumentations: [new HttpInstrumentation(), new PgInstrumentation(), new KafkaJsInstrumentation({ producerHook: withoutMessageKey, consumerHook: withoutMessageKey }), new GraphQLInstrumentation({ ignoreResolveSpans: true, mergeItems: true })],
});
sdk.start();
process.once('beforeExit', () => void sdk.shutdown());
