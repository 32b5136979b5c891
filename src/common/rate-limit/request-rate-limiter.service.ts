import { ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { normalizeIp } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { OutageReport } from '../../infrastructure/resilience/outage-report';
import { MetricsService } from '../metrics/metrics.service';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';
import { OPS_ROUTES } from '../http/ops-routes';
import { Principal } from '../http/principal';
import { isLoginRateLimited, isStaffCallRateLimited } from './rate-limit.decorator';
import { BudgetLeases, LeasedCount } from './budget-leases.service';
import { RedisThrottlerStorage } from './redis-throttler-storage.service';

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

type LimitName = 'default' | 'login' | 'staff_call';

interface Limit {
  name: LimitName;
  max: number;
  windowMs: number;
}

/** The limits one route is under, in the order they are counted. */
interface RouteLimits {
  /** Keyed by client IP only (the login routes), instead of by principal. */
  byIp: boolean;
  limits: Limit[];
}

type RouteHandler = ReturnType<ExecutionContext['getHandler']>;

/** The `scope` label of rate_limited_requests_total: which limit refused the request. */
function scopeOf(name: LimitName, tracker: string): 'login' | 'staff_call' | 'ip' | 'principal' {
  if (name !== 'default') return name;
  return tracker.startsWith(IP_PREFIX) ? 'ip' : 'principal';
}

/**
 * The global rate limits (see docs/decisions.md, 'Rate limits are keyed by principal, one budget
 * across all routes'), counted by the auth guard before it decides: each request is counted once
 * per limit of its route in a Redis sliding window keyed by the caller — `role:sub` from a valid
 * bearer token, else the client IP; the login routes by client IP under their own limit. A
 * principal's general limit is counted from leases of its window (BudgetLeases), the others with
 * one Redis call per request. Refusals are 429 RATE_LIMIT_EXCEEDED with Retry-After. When Redis
 * fails the request passes (fail open): counted in rate_limiter_errors_total, with one warning per
 * outage in the log. Which limits a route is under is read once per route, not per request.
 */
@Injectable()
export class RequestRateLimiter {
  private readonly redisOutage = new OutageReport(new Logger('rate-limit'), {
    unavailable: (error) => `rate limiting suspended, requests pass unchecked: ${error.message}`,
    available: 'rate limiting resumed',
  });
  private readonly routeLimits = new WeakMap<RouteHandler, RouteLimits>();
  private readonly general: Limit;
  private readonly login: Limit;
  private readonly staffCall: Limit;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly storage: RedisThrottlerStorage,
    private readonly leases: BudgetLeases,
    private readonly reflector: Reflector,
    private readonly metrics: MetricsService,
  ) {
    const { rateLimit } = config;
    this.general = {
      name: 'default',
      max: rateLimit.max,
      windowMs: rateLimit.windowSeconds * 1000,
    };
    this.login = {
      name: 'login',
      max: rateLimit.loginMax,
      windowMs: rateLimit.loginWindowSeconds * 1000,
    };
    this.staffCall = {
      name: 'staff_call',
      max: rateLimit.staffCallMax,
      windowMs: rateLimit.staffCallWindowSeconds * 1000,
    };
  }

  /**
   * Counts the request against the limits of its route; resolves once it is admitted (the
   * rate-limit headers of the last limit set on the reply), rejects with the 429 otherwise.
   * Undefined for a route that is not limited. `principal` is read only when the route is keyed
   * by caller: the principal a valid token names, or null.
   */
  check(context: ExecutionContext, principal: () => Principal | null): Promise<void> | undefined {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    if (!isRateLimitedRoute(request.routeOptions.url ?? '')) return undefined;
    const { byIp, limits } = this.limitsOf(context);
    const caller = byIp ? null : principal();
    const tracker = caller ? `${caller.role}:${caller.sub}` : ipTracker(request);
    const reply = http.getResponse<FastifyReply>();
    let counting = this.count(reply, limits[0], tracker);
    for (const limit of limits.slice(1)) {
      counting = counting.then(() => this.count(reply, limit, tracker));
    }
    return counting;
  }

  private limitsOf(context: ExecutionContext): RouteLimits {
    const handler = context.getHandler();
    let limits = this.routeLimits.get(handler);
    if (limits === undefined) {
      if (isLoginRateLimited(this.reflector, context)) {
        limits = { byIp: true, limits: [this.login] };
      } else if (isStaffCallRateLimited(this.reflector, context)) {
        limits = { byIp: false, limits: [this.general, this.staffCall] };
      } else {
        limits = { byIp: false, limits: [this.general] };
      }
      this.routeLimits.set(handler, limits);
    }
    return limits;
  }

  private async count(reply: FastifyReply, limit: Limit, tracker: string): Promise<void> {
    let record: LeasedCount;
    try {
      record = await this.countIn(`rate-limit:${limit.name}:${tracker}`, limit, tracker);
    } catch (error) {
      this.metrics.recordRateLimiterError();
      this.redisOutage.failed(error as Error);
      return;
    }
    this.redisOutage.succeeded();

    const headers = {
      'X-RateLimit-Limit': String(limit.max),
      'X-RateLimit-Remaining': String(record.remaining),
      'X-RateLimit-Reset': String(record.secondsUntilSlot),
    };
    if (!record.admitted) {
      this.metrics.recordRateLimited(scopeOf(limit.name, tracker));
      throw new AppException(
        ErrorCode.RATE_LIMIT_EXCEEDED,
        `Too many requests; retry in ${record.secondsUntilSlot} seconds`,
        undefined,
        { ...headers, 'Retry-After': String(record.secondsUntilSlot) },
      );
    }
    reply.headers(headers);
  }

  /**
   * A principal's general limit is counted from leases of its budget (BudgetLeases); the login
   * and staff-call limits and anonymous callers' budgets with one exact Redis call per request.
   */
  private async countIn(key: string, limit: Limit, tracker: string): Promise<LeasedCount> {
    if (limit.name === 'default' && !tracker.startsWith(IP_PREFIX)) {
      return this.leases.count(key, limit.windowMs, limit.max);
    }
    const record = await this.storage.increment(key, limit.windowMs, limit.max);
    return {
      admitted: !record.isBlocked,
      remaining: Math.max(0, limit.max - record.totalHits),
      secondsUntilSlot: record.timeToBlockExpire,
    };
  }
}
