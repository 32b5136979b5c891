import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', 'dist', 'src', 'main.js');

describe('boot with a bad configuration', () => {
  it('stops with one line naming the variable and a non-zero exit code', () => {
    const result = spawnSync(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, PORT: 'eighty', NODE_ENV: 'test' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: PORT must be an integer, got "eighty"',
    );
  });
});
