import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';

interface Entry {
  version: string;
  body: Buffer;
  expiresAt: number;
  bytes: number;
}

/**
 * In-process copies of serialized responses, each tagged with the version token of its
 * namespace. A copy is served only while Redis still holds that token, so a write on any
 * instance retires it at once. Bounded by CACHE_LOCAL_MAX_BYTES (oldest entries go first)
 * and by the cache TTL, or by an earlier instant the answer stops being true (`notAfter`).
 */
@Injectable()
export class LocalResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private bytes = 0;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxBytes = config.cache.localMaxBytes;
    this.ttlMs = config.cache.ttlSeconds * 1000;
  }

  get(key: string, version: string): Buffer | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.version === version && entry.expiresAt > Date.now()) return entry.body;
    this.remove(key, entry);
    return undefined;
  }

  set(key: string, version: string, body: Buffer, notAfter = Infinity): void {
    const bytes = body.length + key.length * 2;
    const expiresAt = Math.min(Date.now() + this.ttlMs, notAfter);
    if (bytes > this.maxBytes || expiresAt <= Date.now()) return;
    const existing = this.entries.get(key);
    if (existing) this.remove(key, existing);
    for (const [oldestKey, oldest] of this.entries) {
      if (this.bytes + bytes <= this.maxBytes) break;
      this.remove(oldestKey, oldest);
    }
    this.entries.set(key, { version, body, expiresAt, bytes });
    this.bytes += bytes;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
