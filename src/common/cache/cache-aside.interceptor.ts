import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable, of } from 'rxjs';
import { MetricsService } from '../metrics/metrics.service';
import { CACHE_ASIDE, CacheAsideOptions } from './cache-aside-options';
import { CacheService } from './cache.service';
import { freshUntilOf } from './fresh-until';
import { LocalResponseCache } from './local-response-cache.service';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

type RouteHandler = ReturnType<ExecutionContext['getHandler']>;

/** The route-level half of cache-aside; see @CacheAside. */
@Injectable()
export class CacheAsideInterceptor implements NestInterceptor {
  private readonly optionsByHandler = new WeakMap<RouteHandler, CacheAsideOptions | null>();

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
      map((result: unknown) => {
        if (result === undefined) return result;
        const body = Buffer.from(JSON.stringify(result));
        this.local.set(key, version, body, freshUntilOf(result));
        return body;
      }),
    );
  }

  /** Read once per route: the reflector's metadata lookup is not free on a hot path. */
  private optionsFor(handler: RouteHandler): CacheAsideOptions | null {
    let options = this.optionsByHandler.get(handler);
    if (options === undefined) {
      options = this.reflector.get<CacheAsideOptions | undefined>(CACHE_ASIDE, handler) ?? null;
      this.optionsByHandler.set(handler, options);
    }
    return options;
  }
}
