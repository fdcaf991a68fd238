import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningService {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** A built service in its own process, as it runs in production, once /health answers 200. */
export async function startServiceProcess(options: { main: string; port: number; env: Record<string, string> }): Promise<RunningService> {
  const child = spawn(process.execPath, ['--import', '@ehr/platform/telemetry/register', options.main], {
    env: { PATH: process.env.PATH ?? '', PORT: String(options.port), LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${options.port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${options.main} exited with ${child.exitCode} during start-up`);
    if (attempt > 200) {
      child.kill('SIGKILL');
      throw new Error(`${options.main} did not report healthy within 40 s`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
