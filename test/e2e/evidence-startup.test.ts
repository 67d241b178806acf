import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const POLICY = `roles: { CTO: { users: [U0CTO1] } }
approval_matrix: { low: [CTO], medium: [CTO], high: [CTO] }
gates:
  production:
    - jira_count: { jql: "project = REL AND priority = Blocker", max: 0 }
    - datadog_monitors: { tags: [env:prod], max_age: soon }
`;

/** Runs `node src/main.ts` with this environment until it exits; its exit code and output. */
function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['src/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up with evidence gates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'evidence-start-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a gate whose connector is not configured, or a bad max_age, stops the start with its line; a partial connector is named', async () => {
    const file = path.join(dir, 'policy.yml');
    writeFileSync(file, POLICY);
    const base = {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_MODEL: 'gpt-test',
      DATABASE_URL: `sqlite:${path.join(dir, 'plans.db')}`,
      POLICY_FILE: file,
      DATADOG_API_KEY: 'dd-test-key',
      DATADOG_APP_KEY: 'dd-test-app-key',
    };
    const gates = await run(base);
    expect(gates.code).toBe(1);
    expect(gates.output).toContain(
      'gates.production[0].jira_count (line 5): needs the jira connector, which is not configured: set JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN',
    );
    expect(gates.output).toMatch(
      /gates\.production\[1\]\.datadog_monitors\.max_age \(line 6\): "soon" is not a duration/,
    );
    expect(gates.output).not.toContain('dd-test-key');

    const partial = await run({ ...base, JIRA_BASE_URL: 'https://acme.atlassian.net' });
    expect(partial.code).toBe(1);
    expect(partial.output).toContain('JIRA_EMAIL and JIRA_API_TOKEN are missing: JIRA_BASE_URL is set');
  });
});
