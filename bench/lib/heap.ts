import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  what: string;
  bytes: number;
  count: number;
}

/** A V8 heap snapshot summed by node type, and by constructor / name for objects, closures and code. */
export function summarizeHeap(file: string): { total: number; byType: HeapGroup[]; byName: HeapGroup[] } {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const byType = new Map<string, HeapGroup>();
  const byName = new Map<string, HeapGroup>();
  let total = 0;
  const add = (map: Map<string, HeapGroup>, what: string, bytes: number) => {
    const group = map.get(what) ?? { what, bytes: 0, count: 0 };
    group.bytes += bytes;
    group.count += 1;
    map.set(what, group);
  };
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + (typeAt ?? 0)] ?? 0] ?? '?';
    const name = snap.strings[snap.nodes[i + (nameAt ?? 1)] ?? 0] ?? '?';
    const bytes = snap.nodes[i + (sizeAt ?? 3)] ?? 0;
    total += bytes;
    add(byType, type, bytes);
    if (type === 'object' || type === 'closure' || type === 'native') add(byName, `${type} ${name}`, bytes);
    else add(byName, type, bytes);
  }
  const sorted = (map: Map<string, HeapGroup>) => [...map.values()].sort((a, b) => b.bytes - a.bytes);
  return { total, byType: sorted(byType), byName: sorted(byName) };
}
