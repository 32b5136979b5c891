import { Channel, ChannelModel, connect, ConsumeMessage } from 'amqplib';
import { declareTopology } from '../../src/infrastructure/rabbitmq/topology';
import { startTcpProxy, TcpProxy } from './tcp';
import { testRabbitMqUrl } from './test-config';

/**
 * A TCP proxy in front of the test broker, and the RABBITMQ_URL that goes through it. Its `cut()`
 * stands in for `rabbitmqctl stop_app` (the broker is shared with other suites): the app's
 * connection drops and new ones are refused until `restore()`.
 */
export async function brokerBehindProxy(): Promise<{ proxy: TcpProxy; url: string }> {
  const url = new URL(testRabbitMqUrl());
  const proxy = await startTcpProxy(url.hostname, Number(url.port || 5672));
  url.host = `127.0.0.1:${proxy.port}`;
  return { proxy, url: url.toString() };
}

/** A test's own connection to the broker, collecting what arrives on a queue. */
export class QueueWatcher {
  readonly messages: ConsumeMessage[] = [];

  private constructor(
    private readonly connection: ChannelModel,
    readonly channel: Channel,
  ) {}

  /** Declares the topology, purges `queue` and starts collecting its messages. */
  static async start(queue: string): Promise<QueueWatcher> {
    const connection = await connect(testRabbitMqUrl());
    const channel = await connection.createChannel();
    await declareTopology(channel);
    await channel.purgeQueue(queue);
    const watcher = new QueueWatcher(connection, channel);
    await channel.consume(queue, (message) => message && watcher.messages.push(message), {
      noAck: true,
    });
    return watcher;
  }

  messageIds(): string[] {
    return this.messages.map((message) => String(message.properties.messageId));
  }

  async stop(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
