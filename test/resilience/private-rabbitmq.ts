import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'amqplib';
import { fixedTestPort } from '../support/built-app';
import { eventually } from '../support/eventually';

/**
 * The broker's own start script, not Debian's /usr/sbin wrapper: the wrapper switches to the
 * rabbitmq user, who cannot write a temp dir made by the test (`eacces`).
 */
const RABBITMQ_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';

/**
 * A RabbitMQ node of the suite's own (its own node name, ports, Erlang cookie, data and logs in
 * a temp dir, no plugins), so that it can be killed and started for real while the shared broker
 * keeps serving everybody else. Its data survives a kill: durable queues and persistent
 * messages are there again after `start()`.
 */
export class PrivateRabbitMq {
  private child?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async create(): Promise<PrivateRabbitMq> {
    const port = await fixedTestPort();
    const distPort = await fixedTestPort();
    const dir = mkdtempSync(join(tmpdir(), 'rabbitmq-resilience-'));
    const home = join(dir, 'home');
    mkdirSync(home);
    const cookie = join(home, '.erlang.cookie');
    writeFileSync(cookie, randomBytes(16).toString('hex'));
    chmodSync(cookie, 0o400);
    writeFileSync(join(dir, 'enabled_plugins'), '');
    writeFileSync(
      join(dir, 'rabbitmq.conf'),
      [`listeners.tcp.default = 127.0.0.1:${port}`, 'loopback_users = none', ''].join('\n'),
    );
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      RABBITMQ_NODENAME: `rabbit-resilience-${process.pid}@localhost`,
      RABBITMQ_NODE_PORT: String(port),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
      RABBITMQ_ADVANCED_CONFIG_FILE: join(dir, 'advanced.config'),
      RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
      ERL_EPMD_ADDRESS: '127.0.0.1',
    };
    return new PrivateRabbitMq(port, dir, env);
  }

  get url(): string {
    return `amqp://guest:guest@127.0.0.1:${this.port}`;
  }

  /** Starts the node (in its own process group) and waits until it accepts an AMQP login. */
  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(RABBITMQ_SERVER, [], {
      cwd: this.dir,
      env: this.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    await eventually(
      async () => {
        if (child.exitCode !== null) {
          throw new Error(`rabbitmq-server exited (${child.exitCode}):\n${this.output}`);
        }
        const connection = await connect(this.url);
        await connection.close();
      },
      { timeout: 90_000, interval: 250 },
    );
  }

  /** SIGKILL to the whole node (the start script, the Erlang VM and its helpers), like a crash. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-(child.pid as number), 'SIGKILL');
    await exited;
  }

  /** Stops the node and deletes its data, logs and cookie. */
  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
