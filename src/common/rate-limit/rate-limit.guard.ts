import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OutageReport } from '../../infrastructure/resilience/outage-report';
import { MetricsService } from '../metrics/metrics.service';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';
import { OPS_ROUTES } from '../http/ops-routes';
import { BearerPrincipalReader } from './bearer-principal-reader';
import { ThrottlerStorageRecord } from './redis-throttler-storage.service';

/** Static images are never limited, nor the ops routes. */
const UNLIMITED_PREFIXES = ['/images/'];

/** Whether requests to the route template (`/api/orders`, `/images/:file`) are rate-limited. */
export function isRateLimitedRoute(route: string): boolean {
  return !OPS_ROUTES.has(route) && !UNLIMITED_PREFIXES.some((prefix) => route.startsWith(prefix));
}

const IP_PREFIX = 'ip:';

/** Anonymous callers are keyed by client IP (Fastify's trustProxy decides whether X-Forwarded-For counts). */
export function ipTracker(request: FastifyRequest): string {
  return `${IP_PREFIX}${normalizeIp(request.ip)}`;
}

/** The `scope` label of rate_limited_requests_total: which limit refused the request. */
function scopeOf(
  throttlerName: string,
  tracker: string,
): 'login' | 'staff_call' | 'ip' | 'principal' {
  if (throttlerName === 'login' || throttlerName === 'staff_call') return throttlerName;
  return tracker.startsWith(IP_PREFIX) ? 'ip' : 'principal';
}

/**
 * The global rate-limit guard, built on @nestjs/throttler: each request is counted once per
 * applicable throttler in a Redis sliding window keyed by the caller — `role:sub` from a valid
 * bearer token, else the client IP. Refusals are 429 RATE_LIMIT_EXCEEDED with Retry-After.
 * When Redis fails the request passes (fail open): counted in rate_limiter_errors_total, with one
 * warning per outage in the log.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly redisOutage = new OutageReport(new Logger('rate-limit'), {
    unavailable: (error) => `rate limiting suspended, requests pass unchecked: ${error.message}`,
    available: 'rate limiting resumed',
  });

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly principals: BearerPrincipalReader,
    private readonly metrics: MetricsService,
  ) {
    super(options, storage, reflector);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return !isRateLimitedRoute(request.routeOptions.url ?? '');
  }

  /** The principal's key when the request carries a valid token, whatever the guard order. */
  protected override async getTracker(request: FastifyRequest): Promise<string> {
    const principal =
      request.principal ?? this.principals.principalOf(request.headers.authorization);
    return principal ? `${principal.role}:${principal.sub}` : ipTracker(request);
  }

  /** One budget per caller across all routes (the library default is one per route). */
  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `rate-limit:${name}:${tracker}`;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, blockDuration, throttler } = props;
    const name = throttler.name ?? 'default';
    const http = context.switchToHttp();
    const tracker = await props.getTracker(http.getRequest(), context);

    let record: ThrottlerStorageRecord;
    try {
      const key = props.generateKey(context, tracker, name);
      record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
    } catch (error) {
      this.metrics.recordRateLimiterError();
      this.redisOutage.failed(error as Error);
      return true;
    }
    this.redisOutage.succeeded();

    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - record.totalHits)),
      'X-RateLimit-Reset': String(record.timeToExpire),
    };
    if (record.isBlocked) {
      this.metrics.recordRateLimited(scopeOf(name, tracker));
      throw new AppException(
        ErrorCode.RATE_LIMIT_EXCEEDED,
        `Too many requests; retry in ${record.timeToBlockExpire} seconds`,
        undefined,
        { ...headers, 'Retry-After': String(record.timeToBlockExpire) },
      );
    }
    http.getResponse<FastifyReply>().headers(headers);
    return true;
  }
}
