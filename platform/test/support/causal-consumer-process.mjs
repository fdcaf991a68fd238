// A service in its own process with two consumers, so a test can SIGKILL it onto a backlog:
// `accounts` opens an account per admission; `charges` posts charges to it, and a charge whose
// admission has not arrived yet is not yet known. argv: brokers service chargesSource admissionsSource databaseUrl
import { Kafka, logLevel } from 'kafkajs';
import { ConcurrencyError, createPool, KafkaEventConsumer, NotYetKnown } from '@ehr/platform';

const [brokers, service, chargesSource, admissionsSource, databaseUrl] = process.argv.slice(2);
const pool = createPool({ connectionString: databaseUrl, applicationName: 'causal-consumer-process' });
const kafka = new Kafka({ clientId: 'causal-consumer-process', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
const conflicts = new Map();

const accounts = {
  name: 'accounts',
  async apply(tx, event) {
    await tx.query('INSERT INTO consumer.accounts (encounter_id) VALUES ($1)', [event.data.encounterId]);
  },
};

const charges = {
  name: 'charges',
  async apply(tx, event) {
    const { encounterId, n, poison } = event.data;
    const { rowCount } = await tx.query('SELECT 1 FROM consumer.accounts WHERE encounter_id = $1', [encounterId]);
    if (rowCount === 0) throw new NotYetKnown('encounter', encounterId, `no account for encounter ${encounterId} yet`);
    if (poison && (await tx.query('SELECT 1 FROM consumer.fixes')).rowCount === 0) throw new Error(`charge ${n} has an impossible amount`);
    // Every tenth charge loses an optimistic-concurrency race to this service's other writer four times.
    if (n % 10 === 3 && (conflicts.get(event.eventId) ?? 0) < 4) {
      conflicts.set(event.eventId, (conflicts.get(event.eventId) ?? 0) + 1);
      throw new ConcurrencyError(`account-${encounterId}`, 1, 2);
    }
    await new Promise((r) => setTimeout(r, 2));
    await tx.query(
      `INSERT INTO consumer.applied (event_id, patient_id, n) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO UPDATE SET applied_count = consumer.applied.applied_count + 1`,
      [event.eventId, event.patientId, n],
    );
  },
};

const options = { kafka, pool, schema: 'consumer', service, sessionTimeoutMs: 6_000, maxAttempts: 3 };
await new KafkaEventConsumer({ ...options, sources: [chargesSource], handler: charges }).start();
await new KafkaEventConsumer({ ...options, sources: [admissionsSource], handler: accounts }).start();
process.stdout.write('started\n');
