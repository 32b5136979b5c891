import { RouteConfig } from '@nestjs/platform-fastify';

/** Largest body the login and stream-ticket routes accept (their bodies are a few short fields). */
export const SMALL_BODY_LIMIT_BYTES = 4 * 1024;

/** The route's own body limit, read by the onRoute hook of installRouteBodyLimits. */
export interface BodyLimitRouteConfig {
  bodyLimit?: number;
}

/** Caps this route's request body below the application-wide limit (413 PAYLOAD_TOO_LARGE). */
export const SmallBody = (): MethodDecorator =>
  RouteConfig({ bodyLimit: SMALL_BODY_LIMIT_BYTES } satisfies BodyLimitRouteConfig);
