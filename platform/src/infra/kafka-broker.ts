import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createConnection } from 'node:net';

const run = promisify(execFile);

/** The repository's infra/kafka.sh, found from this file whether running from src or dist. */
export function kafkaScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'infra', 'kafka.sh');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('infra/kafka.sh was not found above the platform package');
}

export function portAnswers(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * A broker run by infra/kafka.sh on its own port and data folder: tests that must stop and
 * start Kafka use one of these, never the shared broker.
 */
export function localKafkaBroker(options: { port: number; dataDir?: string }) {
  const env = { ...process.env, KAFKA_PORT: String(options.port), ...(options.dataDir ? { KAFKA_DATA_DIR: options.dataDir } : {}) };
  const script = kafkaScript();
  const pidFile = join(options.dataDir ?? join(dirname(script), '.kafka'), 'kafka.pid');
  return {
    brokers: `127.0.0.1:${options.port}`,
    start: async () => {
      await run('bash', [script, 'start'], { env, timeout: 300_000 });
    },
    stop: async () => {
      await run('bash', [script, 'stop'], { env, timeout: 60_000 });
    },
    /** Ends the broker with SIGKILL, as a crash would: nothing flushed, no shutdown; `start` brings it back. */
    kill: async () => {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      while (await portAnswers('127.0.0.1', options.port)) await new Promise((r) => setTimeout(r, 100));
    },
  };
}

/** Starts the local single-node broker through infra/kafka.sh (fetching it on first use). */
export async function startLocalKafka(port = 9092): Promise<{ brokers: string; stop(): Promise<void> }> {
  const broker = localKafkaBroker({ port });
  const alreadyUp = await portAnswers('127.0.0.1', port);
  if (!alreadyUp) await broker.start();
  return {
    brokers: broker.brokers,
    // Leave a broker someone else started alone.
    stop: async () => {
      if (!alreadyUp) await broker.stop();
    },
  };
}
