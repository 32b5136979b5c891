import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { METRICS_ROUTE } from '../common/http/ops-routes';
import { MetricsService } from '../common/metrics/metrics.service';

/**
 * GET /metrics on its own port (METRICS_PORT), for Prometheus inside the network: the public
 * port, the one the load balancer routes, then has no /metrics at all. Anything else is 404.
 * Open from boot until the application has shut down, so scrapes see the drain too.
 */
@Injectable()
export class InternalMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('metrics');
  private server?: Server;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metrics.port, this.config.host, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics listening on ${this.config.host}:${this.config.metrics.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== METRICS_ROUTE) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    try {
      const body = await this.metrics.render();
      response
        .writeHead(200, {
          'content-type': Registry.PROMETHEUS_CONTENT_TYPE,
          'cache-control': 'no-store',
        })
        .end(body);
    } catch (error) {
      this.logger.error({ err: error }, 'rendering metrics failed');
      response.writeHead(500, { 'content-type': 'text/plain' }).end('error\n');
    }
  }
}
