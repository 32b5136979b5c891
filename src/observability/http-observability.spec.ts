import { safeUrl } from './http-observability';

describe('safeUrl', () => {
  it('keeps a path without a query as it is', () => {
    expect(safeUrl('/api/admin/orders/12')).toBe('/api/admin/orders/12');
  });

  it('keeps parameter names and hides every value', () => {
    expect(safeUrl('/api/admin/orders/stream?ticket=abc123&x=1')).toBe(
      '/api/admin/orders/stream?ticket=[REDACTED]&x=[REDACTED]',
    );
  });
});
