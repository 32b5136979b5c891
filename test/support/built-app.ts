import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { testListenPort } from './test-config';
import { eventually } from './eventually';

/** The production entry point, as the Docker image runs it (needs `npm run build`). */
export const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running `node dist/src/main.js`, its combined output and its exit. */
export interface BuiltApp {
  child: ChildProcess;
  port: number;
  /** stdout and stderr so far. */
  output(): string;
  exited: Promise<ExitStatus>;
  /** Waits for an output line containing `text`. */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  /** SIGKILL unless it already exited. */
  kill(): void;
}

/** Spawns the built app with `env` (builtAppEnv()) and waits for its listening line. */
export async function spawnBuiltApp(env: NodeJS.ProcessEnv): Promise<BuiltApp> {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<ExitStatus>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitForOutput = async (text: string, timeout = 30_000): Promise<void> => {
    await eventually(
      () => {
        if (child.exitCode !== null) throw new Error(`the app exited before "${text}"`);
        expect(output).toContain(text);
      },
      { timeout },
    );
  };
  // The listening line is logged at info.
  await waitForOutput('listening on http://').catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const listening = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
  return {
    child,
    port: Number(listening?.[1]),
    output: () => output,
    exited,
    waitForOutput,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Spawns the built app and waits until its readiness (GET /health) answers 200. */
export async function startBuiltApp(env: NodeJS.ProcessEnv): Promise<BuiltApp> {
  const app = await spawnBuiltApp(env);
  await eventually(
    async () => expect((await fetch(`http://127.0.0.1:${app.port}/health`)).status).toBe(200),
    { timeout: 30_000 },
  );
  return app;
}

/**
 * A port that stays the same across restarts (a balancer's configuration names it): from the
 * TEST_PORT_BASE block when set, else one the system hands out now.
 */
export async function fixedTestPort(): Promise<number> {
  const fromBlock = testListenPort();
  if (fromBlock !== 0) return fromBlock;
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
