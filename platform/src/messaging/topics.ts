import type { Kafka } from 'kafkajs';

const attempts = 20;

/** Errors a broker gives while a topic it has just created has no leader yet (kafkajs marks them retriable). */
const isRetriable = (error: unknown): boolean => (error as { retriable?: unknown }).retriable === true;

/**
 * Creates topics that do not exist yet and returns once the broker serves all of them.
 * Partitions spread patients across consumers; the replication factor must not exceed the
 * broker count (1 on a single development broker). Several services create the same topic as
 * they start, and a topic created a moment ago answers "does not host this topic-partition"
 * until its leader is elected: that is waited out, not a reason to stop the service.
 */
export async function ensureTopics(kafka: Kafka, topics: string[], options: { partitions?: number; replicationFactor?: number } = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = topics.filter((t) => !existing.has(t));
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({ topic, numPartitions: options.partitions ?? 3, replicationFactor: options.replicationFactor ?? 1 })),
          });
        }
        await admin.fetchTopicMetadata({ topics });
        return;
      } catch (error) {
        if (attempt >= attempts || !isRetriable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.min(250 * attempt, 2000)));
      }
    }
  } finally {
    await admin.disconnect();
  }
}
