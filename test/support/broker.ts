import { Channel, ChannelModel, connect, ConsumeMessage } from 'amqplib';
import { declareTopology } from '../../src/infrastructure/rabbitmq/topology';

export function testRabbitMqUrl(): string {
  return process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
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
