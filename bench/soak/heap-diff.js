'use strict';
/**
 * `node bench/soak/heap-diff.js before.heapsnapshot after.heapsnapshot [rows]`: what grew between
 * two V8 heap snapshots of one process (e.g. written with `--heapsnapshot-signal=SIGUSR2` at the
 * start and the end of a soak), by constructor: objects counted and their own size, grouped by
 * node type and name (the constructor for objects), sorted by the growth of the size. Prints the
 * `rows` largest growths (default 25) and the totals.
 */
const { readFileSync } = require('node:fs');

/** Map "type name" → { count, bytes } over every node of the snapshot. */
function byConstructor(file) {
  const { snapshot, nodes, strings } = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[fields.indexOf('type')];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt]];
    // Strings and numbers are named by their content: group them by type only.
    const name = ['object', 'closure', 'native'].includes(type) ? strings[nodes[i + nameAt]] : '';
    const key = `${type} ${name}`.trim();
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count++;
    group.bytes += nodes[i + sizeAt];
    groups.set(key, group);
  }
  return groups;
}

function main() {
  const [beforeFile, afterFile, rows = '25'] = process.argv.slice(2);
  if (!afterFile) {
    console.error(
      'usage: node bench/soak/heap-diff.js before.heapsnapshot after.heapsnapshot [rows]',
    );
    process.exit(2);
  }
  const before = byConstructor(beforeFile);
  const after = byConstructor(afterFile);
  const keys = new Set([...before.keys(), ...after.keys()]);
  const zero = { count: 0, bytes: 0 };
  const diff = [...keys].map((key) => {
    const [b, a] = [before.get(key) ?? zero, after.get(key) ?? zero];
    return { key, count: a.count - b.count, bytes: a.bytes - b.bytes, after: a };
  });
  diff.sort((x, y) => y.bytes - x.bytes);
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`.padStart(12);
  console.log(
    `${'Δ size'.padStart(12)} ${'Δ count'.padStart(9)} ${'count after'.padStart(12)}  constructor`,
  );
  for (const row of diff.slice(0, Number(rows))) {
    console.log(
      `${kb(row.bytes)} ${String(row.count).padStart(9)} ${String(row.after.count).padStart(12)}  ${row.key}`,
    );
  }
  const total = (groups) =>
    [...groups.values()].reduce(
      (sum, g) => ({ count: sum.count + g.count, bytes: sum.bytes + g.bytes }),
      zero,
    );
  const [tb, ta] = [total(before), total(after)];
  console.log(
    `total: ${tb.count} → ${ta.count} objects, ${(tb.bytes / 1048576).toFixed(1)} → ${(ta.bytes / 1048576).toFixed(1)} MB`,
  );
}

main();
