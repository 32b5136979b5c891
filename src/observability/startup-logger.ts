import { Logger, PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';
import { loggerOptions } from './logger-options';

/**
 * The JSON logger Nest writes through from its first line on (module loading, route mapping, a
 * failed connection), before the LoggerModule exists: the same pino root and options, so each
 * line is written when it happens, with its own timestamp, instead of being buffered.
 */
export function startupLogger(config: AppConfig, destination?: DestinationStream): Logger {
  const params = loggerOptions(config, destination);
  return new Logger(new PinoLogger(params), params);
}
