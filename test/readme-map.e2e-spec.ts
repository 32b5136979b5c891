import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The text of a `## heading` section, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Rows of the "Where is it" table: the behaviour and the paths named in the file column. */
function whereIsItRows(markdown: string): { behaviour: string; paths: string[] }[] {
  return section(markdown, 'Where is it')
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1) // the header row
    .map((line) => {
      const [behaviour, files] = line
        .split('|')
        .slice(1, 3)
        .map((cell) => cell.trim());
      const paths = [...files.matchAll(/`([^`\s]+)`/g)].map((match) => match[1]);
      return { behaviour, paths };
    });
}

/** Lines indented this far continue the description of the line above. */
const DESCRIPTION_COLUMN = 20;

/** Every path the folder map names: folders end in `/`, files do not. */
function mapEntries(markdown: string): string[] {
  const block = /```\n([\s\S]*?)```/.exec(section(markdown, 'Folder map'));
  if (!block) throw new Error('README "Folder map" has no code block');
  const parents: string[] = [];
  const entries: string[] = [];
  for (const line of block[1].split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (line.trim() === '' || indent >= DESCRIPTION_COLUMN) continue;
    const depth = indent / 2;
    const name = line.trim().split(/\s+/)[0];
    parents.length = depth;
    const path = [...parents, name].join('');
    entries.push(path);
    if (name.endsWith('/')) parents.push(name);
  }
  return entries;
}

/** .gitignore's folder patterns (`name/`, `a/b/`, `dist.next-*\/`) as path tests. */
function ignoredFolders(): ((path: string) => boolean)[] {
  const patterns = readFileSync(join(ROOT, '.gitignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.endsWith('/') && !line.startsWith('#') && !line.startsWith('!'));
  return [
    (path) => path === '.git' || path.split('/').includes('node_modules'),
    ...patterns.map((pattern) => {
      const body = pattern.slice(0, -1).replace(/^\//, '');
      const regex = new RegExp(
        `^${body.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`,
      );
      return body.includes('/')
        ? (path: string) => regex.test(path)
        : (path: string) => regex.test(path.split('/').pop() ?? '');
    }),
  ];
}

/** Every folder of the checkout that git would track, as `a/b/`. */
function realFolders(): string[] {
  const ignored = ignoredFolders();
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const path = relative(ROOT, join(dir, entry.name));
      if (ignored.some((test) => test(path))) continue;
      found.push(`${path}/`);
      walk(join(dir, entry.name));
    }
  };
  walk(ROOT);
  return found.sort();
}

/** The folders a map names, counting the folder of a file entry such as `.ci/run`. */
function mapFolders(entries: string[]): string[] {
  const folders = new Set<string>();
  for (const entry of entries) {
    const parts = entry.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i += 1) folders.add(`${parts.slice(0, i).join('/')}/`);
  }
  return [...folders].sort();
}

describe('README map', () => {
  it('names an existing file for every behaviour of the "Where is it" table', () => {
    const rows = whereIsItRows(README);
    const behaviours = rows.map((row) => row.behaviour).join('\n');
    for (const required of [
      'order placement',
      'rate-limit decision',
      'cache-aside',
      'outbox relay',
      'SSE fan-out',
      'shutdown',
      'metrics',
    ]) {
      expect(behaviours).toContain(required);
    }
    for (const { behaviour, paths } of rows) {
      expect({ behaviour, paths: paths.length > 0 }).toEqual({ behaviour, paths: true });
      const missing = paths.filter((path) => !existsSync(join(ROOT, path)));
      expect({ behaviour, missing }).toEqual({ behaviour, missing: [] });
    }
  });

  it('has a folder map whose folders are exactly the repository folders', () => {
    expect(mapFolders(mapEntries(README))).toEqual(realFolders());
  });

  it('has a folder map whose files and folders all exist', () => {
    const missing = mapEntries(README).filter((entry) => {
      const path = join(ROOT, entry);
      return !existsSync(path) || statSync(path).isDirectory() !== entry.endsWith('/');
    });
    expect(missing).toEqual([]);
  });

  it('notices a folder the map leaves out', () => {
    const withoutSql = README.replace(/\n {4}sql\/ .*\n/, '\n');
    expect(withoutSql).not.toEqual(README);
    const folders = mapFolders(mapEntries(withoutSql));
    expect(folders).not.toContain('src/common/sql/');
    expect(realFolders()).toContain('src/common/sql/');
  });
});
