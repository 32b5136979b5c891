import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bearer } from './fixtures';

function errorCode(body: string): string {
  try {
    return String(JSON.parse(body).error?.code ?? '');
  } catch {
    return '';
  }
}

export type StoreRole = 'store_admin' | 'table';
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Tokens of one store's admin and one of its tables. */
export type StoreTokens = Record<StoreRole, string>;

/**
 * One store-scoped request aimed at the victim store's resources.
 * `Ids` is whatever the spec knows about the victim store (table ids, menu ids, order ids…).
 */
export interface IsolationCase<Ids> {
  method: HttpMethod;
  url: (ids: Ids) => string;
  body?: (ids: Ids) => object;
  /** The roles the route is open to (default both); the intruder tries with each. */
  as?: StoreRole[];
  /**
   * The victim's own request must NOT answer 404 (proving the resource exists and the URL is
   * right, so the intruder's 404 means isolation). Set an exact status to be stricter, or
   * `false` for requests the owner cannot repeat meaningfully.
   */
  ownerStatus?: number | false;
}

export interface IsolationSetup<Ids> {
  /** The store trying to reach another store's resources. */
  intruder: StoreTokens;
  /** The store owning the resources. */
  owner: StoreTokens;
  ids: Ids;
  cases: IsolationCase<Ids>[];
}

/**
 * Asserts tenant isolation for a table of routes: each intruder role gets 404 NOT_FOUND (never
 * 403, which would confirm the id exists), then the owner's same request does not get 404.
 * Intruders go first, so a DELETE or PATCH that leaked would be visible to the owner's control
 * request. Collects every failure and throws one error listing them all.
 */
export async function expectTenantIsolation<Ids>(
  app: NestFastifyApplication,
  { intruder, owner, ids, cases }: IsolationSetup<Ids>,
): Promise<void> {
  const failures: string[] = [];
  for (const isolationCase of cases) {
    const roles = isolationCase.as ?? ['store_admin', 'table'];
    const url = isolationCase.url(ids);
    const label = `${isolationCase.method} ${url}`;
    const send = (token: string) =>
      app.inject({
        method: isolationCase.method,
        url,
        headers: bearer(token),
        ...(isolationCase.body ? { payload: isolationCase.body(ids) } : {}),
      });

    for (const role of roles) {
      const response = await send(intruder[role]);
      const code = errorCode(response.body);
      if (response.statusCode !== 404 || code !== 'NOT_FOUND') {
        failures.push(`${label} as another store's ${role}: ${response.statusCode} ${code}`);
      }
    }

    if (isolationCase.ownerStatus === false) continue;
    const control = await send(owner[roles[0]]);
    const expected = isolationCase.ownerStatus;
    if (expected === undefined ? control.statusCode === 404 : control.statusCode !== expected) {
      failures.push(
        `${label} as the owning store's ${roles[0]}: ${control.statusCode} (control request; ` +
          `expected ${expected ?? 'anything but 404'})`,
      );
    }
  }
  if (failures.length > 0) {
    throw new Error(`tenant isolation failed:\n  ${failures.join('\n  ')}`);
  }
}
