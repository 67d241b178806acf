import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Fakes } from './fakes.ts';
import { type AppProcess, freePort, launch, REPO_ROOT } from './processes.ts';

export const SIGNING_SECRET = 'bench-signing-secret';
/** Holds the role that approves the bench's medium-risk plans, so an approval click is accepted. */
export const APPROVER = 'U0APPROVER';

const POLICY = `roles:
  SME:
    users: [${APPROVER}]
  SRE lead:
    users: [${APPROVER}]
  CTO:
    users: [U0BENCHCTO]
approval_matrix:
  low: [SME]
  medium: [SRE lead]
  high: [SRE lead, CTO]
`;

/** The bare Bolt app, compiled by tsc (tsconfig.bench.json). */
const BARE_ENTRY = 'dist/bare/bench/bare-app.js';

/**
 * Builds the app as production does (`npm run build`: the bundle in dist/src, scripts/build.ts)
 * and compiles the bare Bolt app with tsc (dist/bare): each the way its kind of app ships, neither
 * run by type stripping (which alone costs Node about 17 MB).
 */
export function buildForBench(): void {
  execFileSync(process.execPath, ['scripts/build.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const tsc = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
  try {
    execFileSync(tsc, ['-p', 'tsconfig.bench.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
  } catch {
    // tsc still emits on type errors (work in progress elsewhere in the tree): measure what it emitted.
    if (!existsSync(path.join(REPO_ROOT, BARE_ENTRY))) throw new Error('tsconfig.bench.json did not build');
    process.stderr.write(
      '[bench] tsconfig.bench.json: type errors (above); measuring the JavaScript emitted anyway\n',
    );
  }
}

/**
 * The Node flags production runs with (package.json `start`, the Dockerfile's CMD): a young
 * generation of 4 MB semi-spaces instead of V8's default of up to 16 MB (measured: idle RSS
 * 146 → 123 MB, 50 plans in flight 212 → 160 MB). The bare app gets the same flags: same runtime.
 */
export const PRODUCTION_NODE_FLAGS = ['--max-semi-space-size=4'];

/**
 * The environment production sets for the process (package.json `start`, the Dockerfile): glibc's
 * malloc trim threshold set to its default, 128 KB, which turns off glibc's dynamic mmap threshold
 * (measured: 15 MB less RSS at idle), and one malloc arena (idle RSS no longer up to 7 MB higher
 * when start-up competes for the CPU); BENCHMARKS.md. Both apps get it: same runtime.
 */
export const PRODUCTION_ENV = {
  GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=131072:glibc.malloc.arena_max=1',
};

/** A temporary directory for SQLite files and the policy file, removed at the end of the run. */
export class Workdir {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'release-planner-bench-'));
  readonly policyFile = path.join(this.dir, 'policy.yml');
  private databases = 0;

  constructor() {
    writeFileSync(this.policyFile, POLICY);
  }

  /** A fresh SQLite file for each app process: migrations run on every start, as on a first deploy. */
  newDatabase(): string {
    this.databases += 1;
    return path.join(this.dir, `plans-${this.databases}.db`);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The environment the app reads, pointing at the fakes; nothing of this process leaks in.
 * `database` is a SQLite file, or a postgres:// URL.
 */
export function appEnvironment(fakes: Fakes, port: number, database: string, policyFile: string) {
  return {
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fakes.slack.url,
    PORT: String(port),
    OPENAI_API_KEY: 'sk-bench-openai',
    OPENAI_BASE_URL: fakes.models.openaiBaseURL,
    OPENAI_MODEL: 'gpt-bench',
    ANTHROPIC_API_KEY: 'sk-ant-bench',
    ANTHROPIC_BASE_URL: fakes.models.anthropicBaseURL,
    ANTHROPIC_MODEL: 'claude-bench',
    DATABASE_URL: /^postgres(ql)?:\/\//.test(database) ? database : `sqlite:${database}`,
    POLICY_FILE: policyFile,
    LOG_LEVEL: 'info',
  };
}

/**
 * The real entry point as production runs it, `node dist/src/main.js` (buildForBench first), in its own process: a new SQLite file, or this
 * database URL; `env` adds to or overrides the settings (e.g. NODE_OPTIONS for a profile).
 */
export async function startOurApp(
  fakes: Fakes,
  work: Workdir,
  databaseUrl?: string,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  const port = await freePort();
  return launch({
    name: 'Release Planner (dist/src/main.js)',
    args: [...PRODUCTION_NODE_FLAGS, 'dist/src/main.js'],
    env: {
      ...PRODUCTION_ENV,
      ...appEnvironment(fakes, port, databaseUrl ?? work.newDatabase(), work.policyFile),
      ...env,
    },
    port,
  });
}

/** bench/bare-app.ts, compiled (dist/bare/bench/bare-app.js): the same Bolt version, listeners that ack (the command opens the modal). */
export async function startBareApp(fakes: Fakes, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  return launch({
    name: 'bare Bolt app',
    args: [...PRODUCTION_NODE_FLAGS, BARE_ENTRY, String(port), fakes.slack.url, SIGNING_SECRET],
    env: { ...PRODUCTION_ENV, ...env },
    port,
  });
}
