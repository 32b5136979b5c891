import { spawnSync } from 'node:child_process';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_PAIR = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/;

/** Special values are matched without regard to case, as Prometheus' own parser does. */
function parseValue(raw: string, line: string): number {
  const special = raw.toLowerCase();
  if (special === '+inf' || special === 'inf') return Infinity;
  if (special === '-inf') return -Infinity;
  if (special === 'nan') return NaN;
  const value = Number(raw);
  if (raw === '' || Number.isNaN(value)) throw new Error(`bad sample value in: ${line}`);
  return value;
}

function parseLabels(raw: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = raw;
  while (rest.trim().length > 0) {
    const match = LABEL_PAIR.exec(rest);
    if (!match) throw new Error(`bad labels in: ${line}`);
    if (match[1] in labels) throw new Error(`duplicate label ${match[1]} in: ${line}`);
    labels[match[1]] = match[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    rest = rest.slice(match[0].length);
  }
  return labels;
}

/**
 * A strict reader of the Prometheus text format 0.0.4: every sample line must parse, and every
 * sample must belong to a family announced by a `# TYPE` line before it.
 */
export function parsePrometheusText(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const [, keyword, name, type] = line.split(' ');
      if (keyword === 'TYPE') {
        if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
        types.set(name, type);
      }
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/.exec(line);
    if (!match) throw new Error(`bad sample line: ${line}`);
    const [, name, rawLabels, rawValue] = match;
    const family = [name, name.replace(/_(bucket|sum|count)$/, '')].find((n) => types.has(n));
    if (!family) throw new Error(`sample without a # TYPE line: ${line}`);
    samples.push({
      name,
      labels: parseLabels(rawLabels ?? '', line),
      value: parseValue(rawValue, line),
    });
  }
  return samples;
}

export function samplesOf(samples: Sample[], name: string): Sample[] {
  return samples.filter((sample) => sample.name === name);
}

/** Value of the one sample of `name` whose labels include `labels` (undefined when absent). */
export function valueOf(
  samples: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  return samplesOf(samples, name).find((sample) =>
    Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  )?.value;
}

export interface PromtoolResult {
  status: number | null;
  output: string;
}

/** Runs `promtool check metrics` (installed by .ci/run) on an exposition. */
export function promtoolCheckMetrics(text: string): PromtoolResult {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (result.error) throw new Error(`promtool not runnable: ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}
