import { OutageReport } from './outage-report';

function reportWithLog(available?: string) {
  const logger = { warn: jest.fn(), log: jest.fn() };
  const report = new OutageReport(logger, {
    unavailable: (error) => `store unavailable: ${error.message}`,
    available,
  });
  return { report, logger };
}

describe('OutageReport', () => {
  it('warns once per outage, with the failure that began it', () => {
    const { report, logger } = reportWithLog('store available again');
    report.failed(new Error('connection refused'));
    report.failed(new Error('timeout'));
    report.failed(new Error('timeout'));
    expect(logger.warn.mock.calls).toEqual([['store unavailable: connection refused']]);
    expect(report.isDown).toBe(true);
  });

  it('logs the recovery once, and a later outage is reported again', () => {
    const { report, logger } = reportWithLog('store available again');
    report.succeeded();
    expect(logger.log).not.toHaveBeenCalled();
    report.failed(new Error('first'));
    report.succeeded();
    report.succeeded();
    expect(logger.log.mock.calls).toEqual([['store available again']]);
    expect(report.isDown).toBe(false);
    report.failed(new Error('second'));
    expect(logger.warn.mock.calls).toEqual([
      ['store unavailable: first'],
      ['store unavailable: second'],
    ]);
  });

  it('logs nothing on recovery without a recovery message', () => {
    const { report, logger } = reportWithLog();
    report.failed(new Error('down'));
    report.succeeded();
    expect(logger.log).not.toHaveBeenCalled();
    expect(report.isDown).toBe(false);
  });
});
