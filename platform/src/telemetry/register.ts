// Loaded before the application (`node --import @ehr/platform/telemetry/register main.js`) so
// HTTP, PostgreSQL and Kafka are instrumented before they are imported. Traces leave the
// process only when OTEL_EXPORTER_OTLP_ENDPOINT is set (or OTEL_TRACES_EXPORTER=console).
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ConsoleSpanExporter, SimpleSpanProcessor, BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';

const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
const toConsole = process.env.OTEL_TRACES_EXPORTER === 'console';
const spanProcessors = toConsole
  ? [new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() })]
  : endpoint
    ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }) })]
    : [];

const sdk = new NodeSDK({
  serviceName: process.env.SERVICE_NAME ?? 'ehr',
  spanProcessors,
  instrumentations: [new HttpInstrumentation(), new PgInstrumentation(), new KafkaJsInstrumentation()],
});
sdk.start();
process.once('beforeExit', () => void sdk.shutdown());
