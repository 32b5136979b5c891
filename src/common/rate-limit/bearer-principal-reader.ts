import { Principal } from '../http/principal';

/**
 * Who a bearer token says is calling, or null when it is missing or not valid: the rate limiter
 * keys verified callers by principal. The auth module provides it (common imports no feature).
 */
export abstract class BearerPrincipalReader {
  abstract principalOf(authorization: string | undefined): Principal | null;
}
