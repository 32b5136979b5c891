import { addressOf } from './unreachable';
import { AppConfig } from './app-config';

/** What the start line tells an operator: where each dependency is, never a password. */
export function effectiveConfig(config: AppConfig): Record<string, unknown> {
  const database = new URL(config.database.url);
  return {
    node_env: config.nodeEnv,
    host: config.host,
    port: config.port,
    log_level: config.logLevel,
    database: { address: addressOf(config.database.url), name: database.pathname.slice(1) },
    redis: { address: addressOf(config.redis.url) },
    rabbitmq: { address: addressOf(config.rabbitmq.url) },
    cors_origins: config.cors.origins,
    shutdown: {
      drain_delay_seconds: config.shutdown.drainDelaySeconds,
      timeout_seconds: config.shutdown.timeoutSeconds,
    },
  };
}
