import type { FastifyRequest } from 'fastify';
import { InFlightRequests } from './in-flight-requests.service';

const request = (): FastifyRequest => ({ inFlight: false }) as FastifyRequest;

describe('InFlightRequests', () => {
  it('is idle at once when nothing is in flight', async () => {
    await expect(new InFlightRequests().whenIdle(1000)).resolves.toBe(true);
  });

  it('wakes the waiter when the last request finishes, counting each release once', async () => {
    const inFlight = new InFlightRequests();
    const [first, second] = [request(), request()];
    inFlight.track(first);
    inFlight.track(second);
    const idle = inFlight.whenIdle(60_000);
    inFlight.release(first);
    inFlight.release(first);
    expect(inFlight.count).toBe(1);
    inFlight.release(second);
    await expect(idle).resolves.toBe(true);
    expect(inFlight.count).toBe(0);
  });

  it('gives up when the time runs out and later drains do not wake it twice', async () => {
    jest.useFakeTimers();
    try {
      const inFlight = new InFlightRequests();
      const only = request();
      inFlight.track(only);
      const idle = inFlight.whenIdle(5000);
      jest.advanceTimersByTime(5000);
      await expect(idle).resolves.toBe(false);
      inFlight.release(only);
      expect(inFlight.count).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
