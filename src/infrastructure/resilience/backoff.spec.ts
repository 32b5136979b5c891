import { backoffDelayMs, BackoffTimer } from './backoff';

const POLICY = { initialMs: 250, maxMs: 10_000 };

describe('backoffDelayMs', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const delays = Array.from({ length: 8 }, (_, retry) => backoffDelayMs(POLICY, retry));
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('stays at the cap however many retries came before', () => {
    expect(backoffDelayMs({ initialMs: 1000, maxMs: 10_000 }, 2000)).toBe(10_000);
  });
});

describe('BackoffTimer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Fails `times` in a row, each retry failing again; the delays each retry waited. */
  function delaysOf(backoff: BackoffTimer, times: number): number[] {
    const waited: number[] = [];
    for (let n = 0; n < times; n++) {
      const scheduledAt = Date.now();
      let ran = false;
      backoff.retryAfterFailure(() => (ran = true));
      jest.advanceTimersToNextTimer();
      expect(ran).toBe(true);
      waited.push(Date.now() - scheduledAt);
    }
    return waited;
  }

  it('waits longer after each failure, up to the cap', () => {
    const backoff = new BackoffTimer(POLICY);
    expect(delaysOf(backoff, 7)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000]);
    expect(backoff.failures).toBe(7);
  });

  it('starts from the shortest delay again after a success', () => {
    const backoff = new BackoffTimer(POLICY);
    delaysOf(backoff, 3);
    backoff.succeeded();
    expect(backoff.failures).toBe(0);
    expect(delaysOf(backoff, 2)).toEqual([250, 500]);
  });

  it('runs one retry at a time: a failure reported while one waits adds nothing', () => {
    const backoff = new BackoffTimer(POLICY);
    const first = jest.fn();
    const second = jest.fn();
    backoff.retryAfterFailure(first);
    backoff.retryAfterFailure(second);
    expect(backoff.isWaiting).toBe(true);
    expect(backoff.failures).toBe(1);
    jest.advanceTimersByTime(250);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).not.toHaveBeenCalled();
    expect(backoff.isWaiting).toBe(false);
  });

  it('drops a cancelled retry and keeps counting from the failure it was for', () => {
    const backoff = new BackoffTimer(POLICY);
    const cancelled = jest.fn();
    backoff.retryAfterFailure(cancelled);
    backoff.cancel();
    expect(backoff.isWaiting).toBe(false);
    jest.advanceTimersByTime(60_000);
    expect(cancelled).not.toHaveBeenCalled();
    expect(delaysOf(backoff, 1)).toEqual([500]);
  });
});
