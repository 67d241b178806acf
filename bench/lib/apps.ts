import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Fakes } from './fakes.ts';
import { type AppProcess, freePort, launch } from './processes.ts';

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
 * The environment `node src/main.ts` reads, pointing at the fakes; nothing of this process leaks in.
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
 * The real entry point, `node src/main.ts`, in its own process: a new SQLite file, or this
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
    name: 'Release Planner (src/main.ts)',
    args: ['src/main.ts'],
    env: { ...appEnvironment(fakes, port, databaseUrl ?? work.newDatabase(), work.policyFile), ...env },
    port,
  });
}

/** bench/bare-app.ts: the same Bolt version whose listeners only ack. */
export async function startBareApp(fakes: Fakes, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  return launch({
    name: 'bare Bolt app',
    args: ['bench/bare-app.ts', String(port), fakes.slack.url, SIGNING_SECRET],
    env,
    port,
  });
}
