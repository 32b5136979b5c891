import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { AppException, ErrorDetail } from '../errors/app.exception';

/**
 * One detail per field: a value breaking several constraints (`{}` fails IsInt, Min and Max of a
 * required id) is one problem, so its messages are joined into one detail, in the order
 * class-validator reports them. Nested fields get their own details, by path.
 */
function flatten(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const messages = Object.values(error.constraints ?? {});
    const own = messages.length > 0 ? [{ field, message: messages.join('; ') }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Global pipe: whitelist DTO fields, reject unknown ones, and answer VALIDATION_FAILED with
 * details. A body or query string holding U+0000 is refused; a query parameter sent empty
 * (`?status=`) counts as not sent. Path parameters are left to their own pipes (ParseIdPipe,
 * ParseUuidParamPipe): converting them here first would let `+5` or `1e3` through as numbers.
 */
class RequestValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param') return Promise.resolve(value);
    const field =
      metadata.type === 'body' || metadata.type === 'query'
        ? fieldWithNulCharacter(value)
        : undefined;
    if (field !== undefined) {
      throw AppException.validationFailed([
        { field, message: `${field} must not contain the NUL character (\\u0000)` },
      ]);
    }
    if (metadata.type === 'query' && isRecord(value)) {
      return super.transform(withoutEmptyValues(value), metadata);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The path of the first string holding U+0000, which PostgreSQL cannot store in text (it would
 * fail the query with a 500). Walked with an explicit stack: a body may nest deeply.
 */
function fieldWithNulCharacter(value: unknown): string | undefined {
  const pending: Array<[unknown, string]> = [[value, '']];
  while (pending.length > 0) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return path || 'body';
    } else if (isRecord(current)) {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes('\u0000')) return path || 'body';
        pending.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function withoutEmptyValues(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => AppException.validationFailed(flatten(errors)),
  });
}
