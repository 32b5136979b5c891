import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuiltApp, fixedTestPort, startBuiltApp } from './built-app';
import { eventually } from './eventually';

/** Debian's haproxy (scripts/install-test-tools.sh installs it). */
const HAPROXY = '/usr/sbin/haproxy';
/** The runtime API's socket, in the proxy's own folder. */
const ADMIN_SOCKET = 'admin.sock';

export interface Backend {
  name: string;
  port: number;
}

export interface HaproxyOptions {
  frontPort: number;
  statsPort: number;
  backends: Backend[];
  /** Backends not running yet (a deploy's new instances): waited for DOWN, not UP. */
  startingLater?: string[];
}

/**
 * HAProxy in front of app instances the way the ALB is: it health-checks GET /health every
 * second (one failed check takes an instance out, one good check brings it back), keeps
 * connections alive on both sides, and never retries a request (not even a refused connection).
 * Its runtime API listens on `adminSocket`.
 */
function config({ frontPort, statsPort, backends }: HaproxyOptions, adminSocket: string): string {
  return [
    'global',
    `  stats socket ${adminSocket} mode 600 level admin`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-keep-alive 30s',
    '  retries 0',
    'frontend api',
    `  bind 127.0.0.1:${frontPort}`,
    '  default_backend app',
    'backend app',
    '  balance roundrobin',
    '  option httpchk GET /health',
    '  http-check expect status 200',
    '  default-server inter 1s fall 1 rise 1',
    ...backends.map(({ name, port }) => `  server ${name} 127.0.0.1:${port} check`),
    'listen stats',
    `  bind 127.0.0.1:${statsPort}`,
    '  stats enable',
    '  stats uri /stats',
    '',
  ].join('\n');
}

export class Haproxy {
  private constructor(
    readonly frontPort: number,
    private readonly child: ChildProcess,
    private readonly statsPort: number,
    private readonly dir: string,
    readonly output: () => string,
  ) {}

  static async start(options: HaproxyOptions): Promise<Haproxy> {
    const dir = mkdtempSync(join(tmpdir(), 'haproxy-'));
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, config(options, join(dir, ADMIN_SOCKET)));
    // -db: stay in the foreground, so the test owns the process.
    const child = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const proxy = new Haproxy(options.frontPort, child, options.statsPort, dir, () => output);
    const later = new Set(options.startingLater ?? []);
    for (const { name } of options.backends) {
      await proxy.waitForStatus(name, later.has(name) ? 'DOWN' : 'UP');
    }
    return proxy;
  }

  /** Server name → HAProxy's status of it (UP, DOWN, "UP 1/2", ...). */
  async statuses(): Promise<Map<string, string>> {
    const response = await fetch(`http://127.0.0.1:${this.statsPort}/stats;csv`);
    const [header, ...rows] = (await response.text()).trim().split('\n');
    const columns = header.replace(/^# /, '').split(',');
    const [svname, status] = [columns.indexOf('svname'), columns.indexOf('status')];
    return new Map(
      rows.map((row) => row.split(',')).map((cells) => [cells[svname], cells[status]]),
    );
  }

  async waitForStatus(server: string, status: 'UP' | 'DOWN', timeout = 30_000): Promise<void> {
    await eventually(async () => expect((await this.statuses()).get(server)).toBe(status), {
      timeout,
    });
  }

  /**
   * Takes `server` out the way an orchestrator deregisters a target before it signals it (ECS
   * with an ALB target group): no new request goes there, then the connections still open (event
   * streams, which never end on their own) are closed by the balancer, as the ALB does when the
   * deregistration delay is over.
   */
  async deregister(server: string): Promise<void> {
    await this.command(`set server app/${server} state maint`);
    await this.command(`shutdown sessions server app/${server}`);
  }

  /** One command to the runtime API; resolves with its answer. */
  private command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      let answer = '';
      const socket = connect(join(this.dir, ADMIN_SOCKET), () => socket.end(`${line}\n`));
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(answer));
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A built app instance behind the proxy, under its backend name. */
export interface ProxiedInstance extends Backend {
  app: BuiltApp;
}

/** Built app instances `a` and `b`, each started with `envFor(its port)`, behind one HAProxy. */
export async function startPairBehindHaproxy(
  envFor: (port: number) => NodeJS.ProcessEnv,
): Promise<{ instances: ProxiedInstance[]; proxy: Haproxy }> {
  const instances: ProxiedInstance[] = [];
  for (const name of ['a', 'b']) {
    const port = await fixedTestPort();
    instances.push({ name, port, app: await startBuiltApp(envFor(port)) });
  }
  const proxy = await Haproxy.start({
    frontPort: await fixedTestPort(),
    statsPort: await fixedTestPort(),
    backends: instances.map(({ name, port }) => ({ name, port })),
  });
  return { instances, proxy };
}
