import { startTestApp, TestApp } from './support/test-app';

describe('HTTP server timeouts', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  it('keeps idle connections 65 s and waits 66 s for headers, above the ALB idle timeout of 60 s', () => {
    const server = testApp.app.getHttpAdapter().getInstance().server;
    expect(server.keepAliveTimeout).toBe(65_000);
    expect(server.headersTimeout).toBe(66_000);
  });
});
