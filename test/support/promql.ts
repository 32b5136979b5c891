import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** PromQL words that look like metric names but are operators or modifiers. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression reads: identifiers that are not functions (followed by
 * "("), keywords, label matchers ({...}), grouping labels (by/without/on/ignoring (...)),
 * ranges ([...]) or strings.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w:.$])([a-zA-Z_:][\w:]*)(?![\w:]|\s*\()/g)) {
    if (!KEYWORDS.has(match[1].toLowerCase())) names.add(match[1]);
  }
  return [...names];
}

/**
 * Every series name an exposition can answer: each `# TYPE` family, with `_bucket`, `_sum` and
 * `_count` for histograms (and `_sum`, `_count` for summaries), whether or not it has samples yet.
 */
export function exposedSeriesNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const [hash, keyword, name, type] = line.split(' ');
    if (hash !== '#' || keyword !== 'TYPE') continue;
    names.add(name);
    if (type === 'histogram')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

export interface PromtoolRun {
  status: number | null;
  output: string;
}

/** Runs promtool with `args`, in `cwd`. */
export function promtool(args: string[], cwd?: string): PromtoolRun {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw new Error(`promtool not runnable: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

/** Parses expressions with Prometheus' own parser: `promtool check rules` on recording rules. */
export function promtoolCheckExpressions(exprs: string[]): PromtoolRun {
  const dir = mkdtempSync(join(tmpdir(), 'promql-'));
  try {
    const rules = exprs.map((expr, index) => ({ record: `check:expression_${index}`, expr }));
    // JSON is YAML: no serializer needed.
    writeFileSync(join(dir, 'rules.yml'), JSON.stringify({ groups: [{ name: 'check', rules }] }));
    return promtool(['check', 'rules', 'rules.yml'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
