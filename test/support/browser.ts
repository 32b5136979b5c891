import { Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium (scripts/install-test-tools.sh installs it), driven by playwright-core:
 * no browser download, and none of the browser's own network chatter.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
