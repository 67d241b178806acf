import { type Document, isMap, isScalar, isSeq, type Node } from 'yaml';

/** A place in the policy file: map keys and list indexes from the top. */
export type Path = readonly (string | number)[];

export interface Problem {
  path: Path;
  message: string;
}

/** "roles.“SRE lead”.users[0] (line 3): …" */
export function formatProblem(problem: Problem & { line: number | undefined }): string {
  const line = problem.line === undefined ? '' : ` (line ${problem.line})`;
  return `${formatPath(problem.path)}${line}: ${problem.message}`;
}

/** The line of the deepest node on the path that exists (a missing key points at its parent). */
export function lineOf(doc: Document, path: Path, lineAt: (offset: number) => number): number | undefined {
  const offset = offsetOf(doc, path);
  return offset === undefined ? undefined : lineAt(offset);
}

function offsetOf(doc: Document, path: Path): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isScalar(p.key) ? String(p.key.value) : p.key) === String(segment),
      );
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = (item as Node | null)?.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function formatPath(path: Path): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = /^[A-Za-z_][\w-]*$/.test(segment) ? segment : `“${segment}”`;
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}
