import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../src/approval/policy-file.ts';
import { NO_POLICY } from '../src/approval/roles.ts';
import { createLogger } from '../src/logger.ts';
import { policyHolder, reloadPolicy } from '../src/policy-reload.ts';

const GOOD =
  'roles: { CTO: { users: [U0CTO1] } }\napproval_matrix: { low: [CTO], medium: [CTO], high: [CTO] }\n';
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'policy-reload-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function setup() {
  const lines: { level: number; msg: string; problems?: string }[] = [];
  const logger = createLogger('info', { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { lines, logger, holder: policyHolder(NO_POLICY) };
}

describe('reloadPolicy', () => {
  it('replaces the policy with a valid file', () => {
    const { lines, logger, holder } = setup();
    const file = path.join(dir, 'good.yml');
    writeFileSync(file, GOOD);
    expect(reloadPolicy(holder, file, logger)).toBe(true);
    expect(holder.current()).toEqual(parsePolicy(GOOD));
    expect(lines.map((l) => l.msg)).toEqual(['policy reloaded: new decisions use it']);
  });

  it.each([
    ['an invalid file', 'roles: {}\n', /roles/],
    ['a missing file', undefined, /cannot read it/],
  ])('keeps the policy in force on %s, and logs why once', (_name, text, why) => {
    const { lines, logger, holder } = setup();
    const file = path.join(dir, 'bad.yml');
    if (text !== undefined) writeFileSync(file, text);
    expect(reloadPolicy(holder, file, logger)).toBe(false);
    expect(holder.current()).toBe(NO_POLICY);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'policy reload refused: keeping the current policy' });
    expect(lines[0]?.problems).toMatch(why);
  });

  it('refuses a reloaded file whose gates need a connector that is not configured', () => {
    const { lines, logger, holder } = setup();
    const file = path.join(dir, 'gates.yml');
    writeFileSync(file, `${GOOD}gates:\n  production:\n    - jira_count: { jql: "project = REL" }\n`);
    expect(reloadPolicy(holder, file, logger, { connectors: ['github'] })).toBe(false);
    expect(lines[0]?.problems).toMatch(
      /needs the jira connector, which is not configured: set JIRA_BASE_URL/,
    );
    expect(reloadPolicy(holder, file, logger, { connectors: ['jira'] })).toBe(true);
    expect(holder.current().gates?.[0]?.environment).toBe('production');
  });

  it('says there is nothing to reload without POLICY_FILE', () => {
    const { lines, logger, holder } = setup();
    expect(reloadPolicy(holder, undefined, logger)).toBe(false);
    expect(lines[0]?.msg).toMatch(/POLICY_FILE is not set/);
  });
});
