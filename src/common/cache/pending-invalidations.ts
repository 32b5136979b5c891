import { cacheKey, namespaceOf } from './cache-keys';

/** Exact keys remembered one by one up to this many; beyond it their whole namespace is replayed. */
const MAX_EXACT_KEYS = 10_000;

/**
 * Invalidations that could not reach Redis. They are replayed before this instance reads the
 * cache again, so an entry written before an outage cannot outlive a write made during it.
 */
export class PendingInvalidations {
  private readonly keys = new Set<string>();
  private readonly prefixes = new Set<string>();

  get isEmpty(): boolean {
    return this.keys.size === 0 && this.prefixes.size === 0;
  }

  addKeys(keys: readonly string[]): void {
    for (const key of keys) {
      const namespace = namespaceOf(key);
      if (this.keys.size >= MAX_EXACT_KEYS && namespace) {
        this.prefixes.add(cacheKey(namespace.storeId, namespace.entity, ''));
      } else {
        this.keys.add(key);
      }
    }
  }

  addPrefix(prefix: string): void {
    this.prefixes.add(prefix);
  }

  snapshot(): { keys: string[]; prefixes: string[] } {
    return { keys: [...this.keys], prefixes: [...this.prefixes] };
  }

  forgetKeys(keys: readonly string[]): void {
    for (const key of keys) this.keys.delete(key);
  }

  forgetPrefix(prefix: string): void {
    this.prefixes.delete(prefix);
  }
}
