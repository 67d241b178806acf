import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layout's rules, checked on the source itself: dependencies point inward, and pure modules
 * import no port, adapter or service. A rule broken by a new import fails here, with the import.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [path.relative(SRC, full).split(path.sep).join('/')] : [];
  });
}

const FILES = sourceFiles(SRC);
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g;

/** Every relative import of a src file, as a path relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) =>
    path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1] ?? m[2] ?? '')),
  );
}

const under =
  (...prefixes: string[]) =>
  (file: string) =>
    prefixes.some((p) => file === p || file.startsWith(p));

/** The functional core: domain rules, prompts, guards, Block Kit builders, Slack ids and values. */
const isPure = under(
  'plan/',
  'approval/',
  'guard/',
  'lib/',
  'errors.ts',
  'slack/blocks/',
  'slack/ids.ts',
  'slack/metadata.ts',
  'slack/review-values.ts',
  'slack/modal-state.ts',
  // The evidence core: records, checks, the gate rule, the policy's gates section, the mappings.
  'evidence/types.ts',
  'evidence/checks.ts',
  'evidence/gate-rule.ts',
  'evidence/scorecard.ts',
  'evidence/gates-file.ts',
  'evidence/records.ts',
  'evidence/duration.ts',
  'evidence/rate-limit.ts',
  'evidence/github-map.ts',
);
const PORTS = ['store/port.ts', 'llm/port.ts', 'slack/web-api.ts'];
/** The imperative shell: adapters, services, listeners and wiring. */
const isShell = under(
  'store/',
  'llm/',
  'services/',
  'slack/listeners/',
  'slack/middleware/',
  'slack/pacing.ts',
  'slack/metered-web-api.ts',
  'observability/',
  'cli/',
  'app.ts',
  'main.ts',
  'config.ts',
  'logger.ts',
);
const isDomain = under('plan/', 'approval/', 'guard/', 'lib/');

function violations(from: (file: string) => boolean, forbidden: (target: string) => boolean): string[] {
  return FILES.filter(from).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((target) => `${file} → ${target}`),
  );
}

describe('architecture', () => {
  it('finds the source files and their imports', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(importsOf('services/index.ts')).toContain('services/deps.ts');
  });

  it('pure modules import no port (the target is zero)', () => {
    expect(violations(isPure, (target) => PORTS.includes(target))).toEqual([]);
  });

  it('pure modules import nothing of the shell', () => {
    expect(violations(isPure, isShell)).toEqual([]);
  });

  it('the domain does not depend on Slack: builders import the domain, never the other way round', () => {
    expect(violations(isDomain, under('slack/'))).toEqual([]);
  });

  it('ports import only the domain', () => {
    expect(
      violations(
        (file) => PORTS.includes(file),
        (target) =>
          !isDomain(target) &&
          !PORTS.includes(target) &&
          target !== 'errors.ts' &&
          !target.startsWith('store/audit-events'),
      ),
    ).toEqual([]);
  });

  it('services live in one folder per capability, with only wiring at the top', () => {
    const top = FILES.filter((f) => /^services\/[^/]+$/.test(f)).sort();
    expect(top).toEqual(['services/deps.ts', 'services/index.ts', 'services/jobs.ts']);
    const folders = new Set(FILES.filter((f) => /^services\/[^/]+\//.test(f)).map((f) => f.split('/')[1]));
    expect([...folders].sort()).toEqual(['approvals', 'planning', 'revisions', 'thread']);
  });

  it('evidence connectors reach the network only through the fetch they are given (the GET-only layer)', () => {
    const offenders = FILES.filter(under('evidence/')).filter((file) => {
      const text = readFileSync(path.join(SRC, file), 'utf8');
      const network = /globalThis\.fetch|from 'node:(https?|net|tls)'|from 'undici'/;
      return network.test(text.replace(/typeof globalThis\.fetch/g, ''));
    });
    expect(offenders).toEqual([]);
  });

  it('only config.ts reads process.env', () => {
    const readers = FILES.filter((file) => /process\.env\b/.test(readFileSync(path.join(SRC, file), 'utf8')));
    expect(readers).toEqual(['config.ts']);
  });

  it('listeners hold no Block Kit literals: blocks come from the builders', () => {
    const literal = /type:\s*'(section|actions|context|header|divider|input|modal)'/;
    const offenders = FILES.filter(under('slack/listeners/')).filter((file) =>
      literal.test(readFileSync(path.join(SRC, file), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
