// A consumer in its own process, so a test can kill it with SIGKILL in the middle of a batch.
// argv: brokers service source databaseUrl
import { Kafka, logLevel } from 'kafkajs';
import { createPool, KafkaEventConsumer } from '@ehr/platform';

const [brokers, service, source, databaseUrl] = process.argv.slice(2);
const pool = createPool({ connectionString: databaseUrl, applicationName: 'consumer-process' });
const kafka = new Kafka({ clientId: 'consumer-process', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const consumer = new KafkaEventConsumer({
  kafka,
  pool,
  schema: 'consumer',
  service,
  sources: [source],
  sessionTimeoutMs: 6_000,
  handler: {
    name: 'recorder',
    async apply(tx, event) {
      // Slow enough that a kill lands between an applied event and its offset commit.
      await new Promise((r) => setTimeout(r, 5));
      await tx.query(
        `INSERT INTO consumer.applied (event_id, patient_id, n) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO UPDATE SET applied_count = consumer.applied.applied_count + 1`,
        [event.eventId, event.patientId, event.data.n],
      );
    },
  },
});
await consumer.start();
process.stdout.write('started\n');
