// A service's relay in its own process, so a test can SIGKILL it in the middle of a batch.
// argv: brokers service databaseUrl batchSize
import { Kafka, logLevel } from 'kafkajs';
import { createPool, PostgresEventStore, Relay } from '@ehr/platform';

const [brokers, service, databaseUrl, batchSize] = process.argv.slice(2);
const pool = createPool({ connectionString: databaseUrl, applicationName: 'relay-process' });
const kafka = new Kafka({ clientId: 'relay-process', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const store = new PostgresEventStore({ pool, schema: 'producer', pollIntervalMs: 50 });
const relay = new Relay({ store, pool, schema: 'producer', service, kafka, batchSize: Number(batchSize) });
await relay.start();
process.stdout.write('started\n');
