import { EventStoreDbEventStore } from '../src/event-store/eventstoredb/eventstoredb-event-store.js';
import { eventStoreContract } from './event-store.contract.js';

// Runs whenever an EventStoreDB / KurrentDB server is named; there is no way to start one
// without Docker or the server package, so otherwise the suite says why it skipped.
const url = process.env.EVENTSTOREDB_URL;
if (url) {
  eventStoreContract('EventStoreDB', async () => {
    const store = new EventStoreDbEventStore({ connectionString: url, pollIntervalMs: 50 });
    return { store, dispose: () => store.close() };
  });
} else {
  console.warn('\n*** SKIPPING the EventStoreDB contract suite: EVENTSTOREDB_URL is not set (e.g. esdb://127.0.0.1:2113?tls=false) ***\n');
  describe.skip('EventStoreDB: event store contract (EVENTSTOREDB_URL is not set)', () => {
    it('runs the contract suite against a reachable server', () => undefined);
  });
}
