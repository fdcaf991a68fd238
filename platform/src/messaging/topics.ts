import type { Kafka } from 'kafkajs';

/**
 * Creates topics that do not exist yet. Partitions spread patients across consumers; the
 * replication factor must not exceed the broker count (1 on a single development broker).
 */
export async function ensureTopics(kafka: Kafka, topics: string[], options: { partitions?: number; replicationFactor?: number } = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: options.partitions ?? 3, replicationFactor: options.replicationFactor ?? 1 })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
