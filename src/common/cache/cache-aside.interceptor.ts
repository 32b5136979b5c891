import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable, of } from 'rxjs';
import { MetricsService } from '../../observability/metrics.service';
import { CACHE_ASIDE, CacheAsideOptions } from './cache-aside.options';
import { CacheService } from './cache.service';
import { LocalResponseCache } from './local-response-cache';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** The route-level half of cache-aside; see @CacheAside. */
@Injectable()
export class CacheAsideInterceptor implements NestInterceptor {
  private readonly optionsByHandler = new WeakMap<object, CacheAsideOptions | null>();

  constructor(
    private readonly reflector: Reflector,
    private readonly cache: CacheService,
    private readonly local: LocalResponseCache,
    private readonly metrics: MetricsService,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const options = this.optionsFor(context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const principal = request.principal;
    if (!options || request.method !== 'GET' || !principal?.store_id) return next.handle();

    const version = await this.cache.currentVersion(principal.store_id, options.entity);
    if (version === undefined) return next.handle();

    http.getResponse<FastifyReply>().header('content-type', JSON_CONTENT_TYPE);
    const key = `${principal.store_id}:${options.entity}\n${principal.role}\n${request.url}`;
    const cached = this.local.get(key, version);
    if (cached !== undefined) {
      this.metrics.recordCacheLookup(options.entity, 'hit');
      return of(cached);
    }
    // A local miss is not counted: the handler's own cache lookups are.
    return next.handle().pipe(
      map((result) => {
        const body = Buffer.from(JSON.stringify(result));
        this.local.set(key, version, body);
        return body;
      }),
    );
  }

  private optionsFor(handler: object): CacheAsideOptions | null {
    let options = this.optionsByHandler.get(handler);
    if (options === undefined) {
      options =
        this.reflector.get<CacheAsideOptions | undefined>(CACHE_ASIDE, handler as never) ?? null;
      this.optionsByHandler.set(handler, options);
    }
    return options;
  }
}
