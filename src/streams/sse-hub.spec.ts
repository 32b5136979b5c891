import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { TokenVersionService } from '../auth/revocation/token-version.service';
import { loadConfig } from '../config/app-config';
import { MetricsService } from '../common/metrics/metrics.service';
import { SseHub } from './sse-hub.service';
import { storeAudience } from './stream-audience';

const STREAMS = 400;
const subscription = { audience: storeAudience, snapshotFrame: async () => '' };

describe('SseHub on shutdown', () => {
  it('spreads the reconnect hints over 1–5 s, so dashboards come back spread over the instances', async () => {
    // Revocations are not part of this: onModuleInit, the only user of TokenVersionService, is not run.
    const hub = new SseHub(
      new MetricsService(),
      {} as TokenVersionService,
      loadConfig({ NODE_ENV: 'test', SSE_MAX_STREAMS_PER_STORE: String(STREAMS) }),
    );
    const written = Array.from({ length: STREAMS }, () => '');
    for (let index = 0; index < STREAMS; index++) {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          written[index] += chunk.toString();
          callback();
        },
      });
      const principal = {
        sub: String(index),
        role: 'store_admin' as const,
        store_id: 'store',
        token_version: 0,
      };
      void hub.register(principal, subscription, sink as unknown as ServerResponse).open([], []);
    }

    await hub.beforeApplicationShutdown();

    const delays = written.map((frames) => Number(/^retry: (\d+)$/m.exec(frames)?.[1]));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(5000);
    // Each second of the window gets about a quarter (100 ± 4 standard deviations).
    const perSecond = [0, 0, 0, 0];
    for (const delay of delays) perSecond[Math.min(3, Math.floor((delay - 1000) / 1000))]++;
    for (const count of perSecond) {
      expect(count).toBeGreaterThan(60);
      expect(count).toBeLessThan(140);
    }
  });
});
