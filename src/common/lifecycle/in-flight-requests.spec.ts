import { InFlightRequests } from './in-flight-requests';

describe('InFlightRequests', () => {
  it('is idle at once when nothing is in flight', async () => {
    await expect(new InFlightRequests().whenIdle(1000)).resolves.toBe(true);
  });

  it('wakes the waiter when the last request finishes', async () => {
    const inFlight = new InFlightRequests();
    inFlight.started();
    inFlight.started();
    const idle = inFlight.whenIdle(60_000);
    inFlight.finished();
    expect(inFlight.count).toBe(1);
    inFlight.finished();
    await expect(idle).resolves.toBe(true);
    expect(inFlight.count).toBe(0);
  });

  it('gives up when the time runs out and later drains do not wake it twice', async () => {
    jest.useFakeTimers();
    try {
      const inFlight = new InFlightRequests();
      inFlight.started();
      const idle = inFlight.whenIdle(5000);
      jest.advanceTimersByTime(5000);
      await expect(idle).resolves.toBe(false);
      inFlight.finished();
      expect(inFlight.count).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
