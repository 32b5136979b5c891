import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface PackageInfo {
  name: string;
  version: string;
  description: string;
}

/**
 * The application's package.json, found by walking up from this file: src/common/build under
 * ts-node or Jest, dist/src/common/build once built, /app/dist/... in the image (which copies
 * package.json next to dist/). Read once; its version is the API's and build_info's version.
 */
function findPackageJson(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`package.json not found above ${from}`);
  }
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(findPackageJson(__dirname), 'utf8')) as PackageInfo;
    cached = { name: pkg.name, version: pkg.version, description: pkg.description };
  }
  return cached;
}
