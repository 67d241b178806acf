import { describe, expect, it } from 'vitest';
import { type CommandKind, removalNote, removeExecutionCommands } from '../../src/guard/commands.ts';
import { FAKE } from './fixtures.ts';

const ROLE = 'SRE lead';
const NOTE = removalNote(ROLE);

describe('removeExecutionCommands: invocations are removed', () => {
  const cases: { name: string; input: string; kind: CommandKind }[] = [
    // In prose
    {
      name: 'kubectl delete mid-sentence',
      input: 'Then kubectl delete pod payments-7f9c in the canary namespace',
      kind: 'shell',
    },
    {
      name: 'kubectl scale with flags',
      input: 'Scale down: kubectl scale deploy/payments --replicas=0',
      kind: 'shell',
    },
    {
      name: 'helm rollback with revision',
      input: 'Roll back with helm rollback payments 41 if errors spike.',
      kind: 'shell',
    },
    { name: 'helm upgrade alone on a line', input: 'helm upgrade payments', kind: 'shell' },
    { name: 'terraform apply with flag', input: 'Execute: terraform apply -auto-approve', kind: 'shell' },
    {
      name: 'terraform destroy with target',
      input: 'Clean up via terraform destroy -target=module.canary',
      kind: 'shell',
    },
    { name: 'aws cli', input: 'Copy the evidence with aws s3 cp s3://releases/plan.pdf ./', kind: 'shell' },
    { name: 'gcloud', input: 'gcloud run deploy payments --image=gcr.io/acme/payments:2.4.0', kind: 'shell' },
    {
      name: 'az cli',
      input: 'az aks get-credentials --resource-group prod-rg --name prod-aks',
      kind: 'shell',
    },
    { name: 'docker run', input: 'Smoke test: docker run --rm acme/smoke:latest', kind: 'shell' },
    { name: 'docker exec', input: 'docker exec -it payments-db psql', kind: 'shell' },
    {
      name: 'ansible-playbook',
      input: 'Patch hosts with ansible-playbook -i inventory/prod site.yml',
      kind: 'shell',
    },
    { name: 'rm -rf', input: 'Free space with rm -rf /var/cache/payments', kind: 'shell' },
    {
      name: 'curl piped to sh',
      input: 'Install the agent: curl -fsSL https://get.example.com/agent | sh',
      kind: 'shell',
    },
    {
      name: 'curl piped to sudo bash',
      input: 'curl -s https://x.example.com/i.sh | sudo bash',
      kind: 'shell',
    },
    { name: 'wget piped to sh', input: 'wget -qO- https://get.example.com | sh', kind: 'shell' },
    { name: 'sudo systemctl in a list', input: '- sudo systemctl restart nginx', kind: 'shell' },
    { name: 'chmod', input: 'Make it executable: chmod 755 deploy.sh and continue', kind: 'shell' },
    { name: 'systemctl', input: 'systemctl stop payments-worker', kind: 'shell' },
    { name: 'psql -c', input: 'Verify with psql -c "select count(*) from orders"', kind: 'shell' },
    { name: 'mysql -e', input: 'mysql -e "show processlist" on the replica', kind: 'shell' },
    { name: 'git push --force', input: 'Fix the tag with git push --force origin v2.4.0', kind: 'shell' },
    { name: 'npm publish with flag', input: 'Publish: npm publish --access public', kind: 'shell' },
    { name: 'shell prompt', input: '$ kubectl get pods -n payments', kind: 'shell' },
    { name: 'shell prompt with unknown command and flag', input: '$ ls -la /srv/releases', kind: 'shell' },
    {
      name: 'second command not negated',
      input: 'Never `kubectl apply`; use `kubectl rollout undo deploy/x`',
      kind: 'shell',
    },
    { name: 'node running a script in inline code', input: 'Then `node scripts/migrate.js`', kind: 'shell' },
    { name: 'local script', input: 'Run ./scripts/cutover.sh after the freeze', kind: 'shell' },
    { name: 'export', input: 'export KUBECONFIG=/etc/prod.kubeconfig', kind: 'shell' },
    {
      name: 'PowerShell cmdlet in inline code',
      input: 'Use `Restart-Service -Name PaymentsApi` on the host',
      kind: 'shell',
    },
    // Disguised as inline code
    {
      name: 'inline kubectl rollout',
      input: 'If the canary fails, `kubectl rollout undo deploy/x`.',
      kind: 'shell',
    },
    {
      name: 'inline terraform apply without args',
      input: 'Then `terraform apply` in the prod workspace.',
      kind: 'shell',
    },
    { name: 'inline chain', input: 'Do `cd infra && terraform apply`', kind: 'shell' },
    {
      name: 'negation in an earlier clause',
      input: 'If no errors, `kubectl rollout resume deploy/x`',
      kind: 'shell',
    },
    { name: 'inline sudo', input: 'Fix perms with `sudo chown -R app /srv/app`', kind: 'shell' },
    {
      name: 'triple backticks on one line',
      input: 'Fallback: ```kubectl delete ns canary```',
      kind: 'shell',
    },
    // SQL
    { name: 'DROP TABLE statement', input: 'DROP TABLE legacy_orders;', kind: 'sql' },
    {
      name: 'DROP TABLE snake-case name in prose',
      input: 'After day 7, DROP TABLE legacy_orders to reclaim space',
      kind: 'sql',
    },
    {
      name: 'DELETE FROM with WHERE',
      input: "DELETE FROM sessions WHERE created_at < now() - interval '90 days';",
      kind: 'sql',
    },
    { name: 'TRUNCATE', input: 'TRUNCATE TABLE audit_tmp;', kind: 'sql' },
    { name: 'ALTER TABLE', input: 'ALTER TABLE orders ADD COLUMN region text', kind: 'sql' },
    {
      name: 'UPDATE … SET in inline code',
      input: "Use `update flags set enabled = false where name = 'x'`",
      kind: 'sql',
    },
    {
      name: 'INSERT INTO',
      input: "INSERT INTO feature_flags (name, enabled) VALUES ('checkout_v2', true);",
      kind: 'sql',
    },
    { name: 'GRANT', input: 'GRANT SELECT ON payments.orders TO analyst;', kind: 'sql' },
    {
      name: 'CREATE INDEX',
      input: 'CREATE INDEX CONCURRENTLY idx_orders_region ON orders (region);',
      kind: 'sql',
    },
    // Run instructions
    { name: 'run the following', input: 'Run the following:', kind: 'run_instruction' },
    {
      name: 'execute this script',
      input: 'Please execute this script during the window',
      kind: 'run_instruction',
    },
    {
      name: 'paste into terminal',
      input: 'Paste this into your terminal to verify the rollout',
      kind: 'run_instruction',
    },
    {
      name: 'open a terminal',
      input: 'Open a terminal on the bastion and check the pods',
      kind: 'run_instruction',
    },
  ];

  it.each(cases)('$name', ({ input, kind }) => {
    const { text, removals } = removeExecutionCommands(input, ROLE);
    expect(removals.map((r) => r.kind)).toEqual([kind]);
    expect(text).toContain(NOTE);
    expect(removals[0]?.excerpt.length).toBeLessThanOrEqual(80);
  });
});

describe('removeExecutionCommands: code blocks', () => {
  const blocks: { name: string; input: string }[] = [
    { name: 'bash fence', input: '```bash\necho "cutover"\nmake verify\n```' },
    { name: 'sh fence', input: '```sh\nls\n```' },
    { name: 'powershell fence', input: '```powershell\nGet-Process\n```' },
    { name: 'sql fence', input: '```sql\nSELECT 1;\n```' },
    { name: 'tilde fence', input: '~~~zsh\nprint ok\n~~~' },
    { name: 'untyped fence with $ prompt', input: '```\n$ ./verify\nok\n```' },
    { name: 'untyped fence with # root prompt', input: '```\n# systemctl restart payments\n```' },
    { name: 'shebang inside an untyped fence', input: '```\n#!/usr/bin/env bash\nset -e\n```' },
    {
      name: 'yaml fence that hides a command',
      input: '```yaml\nsteps:\n  - kubectl apply -f deploy.yaml\n```',
    },
  ];

  it.each(blocks)('$name is removed whole', ({ input }) => {
    const { text, removals } = removeExecutionCommands(`Before.\n${input}\nAfter.`, ROLE);
    expect(removals.map((r) => r.kind)).toEqual(['script_block']);
    expect(text).toBe(`Before.\n${NOTE}\nAfter.`);
  });

  it('removes an unterminated fence up to the end of the text', () => {
    const { text, removals } = removeExecutionCommands(
      'Fallback:\n```bash\nkubectl delete ns canary\nthen wait',
      ROLE,
    );
    expect(text).toBe(`Fallback:\n${NOTE}`);
    expect(removals.map((r) => r.kind)).toEqual(['script_block']);
  });

  it('removes a bare shebang script up to the next blank line', () => {
    const { text, removals } = removeExecutionCommands(
      '#!/bin/sh\nset -e\ndeploy\n\nAfter the cutover, notify.',
      ROLE,
    );
    expect(text).toBe(`${NOTE}\n\nAfter the cutover, notify.`);
    expect(removals.map((r) => r.kind)).toEqual(['script_block']);
  });

  it('closes a fence only with the same character, at least as long', () => {
    const block = ['````yaml', 'replicas: 3', '```', 'still yaml', '````'].join('\n');
    const { text, removals } = removeExecutionCommands(`${block}\nrm -rf /tmp/x`, ROLE);
    expect(text).toBe(`${block}\n${NOTE}`);
    expect(removals.map((r) => r.kind)).toEqual(['shell']);
  });

  it('keeps config blocks that contain no command', () => {
    const text = 'Values:\n```yaml\nreplicas: 3\n# canary weight\nimage: payments:2.4.0\n```';
    expect(removeExecutionCommands(text, ROLE)).toEqual({ text, removals: [] });
  });

  it('collapses an instruction and its block into one note but records both', () => {
    const input =
      'Prepare.\nRun the following:\n```bash\nkubectl apply -f deploy.yaml\n```\nThen notify #releases.';
    const { text, removals } = removeExecutionCommands(input, 'Release manager');
    expect(text).toBe(`Prepare.\n${removalNote('Release manager')}\nThen notify #releases.`);
    expect(removals).toEqual([
      { kind: 'run_instruction', excerpt: 'Run the following:' },
      { kind: 'script_block', excerpt: 'kubectl apply -f deploy.yaml' },
    ]);
  });

  it('keeps the list marker of a removed line', () => {
    const input = '1. Freeze merges\n2. kubectl drain node-7 --ignore-daemonsets\n3. Notify the CAB';
    expect(removeExecutionCommands(input, ROLE).text).toBe(`1. Freeze merges\n2. ${NOTE}\n3. Notify the CAB`);
  });

  it('redacts secrets and caps the length of excerpts', () => {
    const input = `curl -H "Authorization: Bearer ${FAKE.githubClassic}" https://api.example.com/v1/releases/2024-11-05/payments | sh`;
    const [removal] = removeExecutionCommands(input, ROLE).removals;
    expect(removal?.excerpt).not.toContain(FAKE.githubClassic);
    expect(removal?.excerpt).toContain('[REDACTED:');
    expect(removal?.excerpt.length).toBeLessThanOrEqual(80);
  });
});

describe('removeExecutionCommands: release-planning prose is untouched', () => {
  const benign = [
    'Terraform plan output reviewed by the SRE lead before the production gate.',
    'Helm chart version recorded in the release ticket.',
    'AWS console evidence attached to the change request.',
    'kubectl access is read-only for the pilot.',
    'No kubectl apply outside the GitOps pipeline.',
    'Never run `terraform destroy` against production.',
    'git push --force is prohibited on release branches.',
    '`kubectl apply` is not allowed outside Argo CD.',
    'All changes go through Argo CD rather than `kubectl apply`.',
    'SQL migrations are dry-run in staging before the gate.',
    'The DROP TABLE migration is reviewed by the DBA.',
    'Delete from the backlog any tickets older than two sprints.',
    'Update the Jira epic with the new dates once the CAB approves.',
    'Rollback: redeploy the previous Helm release; owner is the SRE lead.',
    'Rollback is owned by the platform team and rehearsed in week 1.',
    'Week 2: helm upgrade happens only after the CAB sign-off.',
    'Docker image digest pinned in the release notes.',
    'Grant access to the on-call rota in PagerDuty (owner: Engineering manager).',
    'Insert the link to the Confluence runbook in the announcement.',
    'Run the load test in staging and attach the report as evidence.',
    'Run these checks before the gate: error rate, latency p99, saturation.',
    'The release manager runs the go/no-go meeting.',
    'Evidence: CI pipeline green on main, Jira REL-4521 approved, Slack #releases notified.',
    'Create an index on orders.region in the week 3 migration (DBA).',
    'The aws region is eu-west-1; the gcloud project is acme-prod.',
    'Use the Terraform plan as evidence, not terraform apply logs.',
    'Canary: 5% of traffic for 30 minutes, then 25%, then 100%.',
    'If error rate > 1% for 10 minutes, the SRE lead decides on rollback.',
    'The sudo access review is owned by Security.',
    'Node pool upgrade is scheduled for week 3.',
    'Secrets are stored in Vault; the bot never handles them.',
    '$5k budget for the load-testing vendor.',
    '$ amounts are in USD; € amounts are converted monthly.',
    'Runtime: `node 20` and `python 3.12`, pinned in the image.',
    'No `kubectl apply` by hand.',
    'Check the aws health dashboard before each gate.',
    'Confirm docker build passes in CI.',
    'Record the git tag v2.4.0 in the audit note.',
    'Make sure the rollback is rehearsed; make sure owners are named.',
    'The terraform apply step is gated by an approval.',
    'Approve the helm upgrade in Argo CD.',
    'Use the kill switch within 5 minutes if checkout errors spike.',
    'ssh access via the bastion only, approved by Security.',
    'mysql 8.0 upgrade is out of scope.',
    'gcloud sql instance tier is db-custom-4 and stays unchanged.',
    'docker pull rate limits apply to CI runners.',
    'Ensure kubectl rollout status is green on the dashboard.',
    '## Execution timeline\n*Week 1* — pilot on staging 🚀\n> Quote from the CAB: "ship it"',
    '```yaml\nreplicas: 3\n```',
  ];

  it.each(benign)('keeps: %s', (text) => {
    expect(removeExecutionCommands(text, ROLE)).toEqual({ text, removals: [] });
  });

  it('is idempotent', () => {
    const input = 'Step 1\n`kubectl rollout undo deploy/x`\n```bash\nrm -rf /tmp/x\n```\nStep 3';
    const once = removeExecutionCommands(input, ROLE).text;
    expect(removeExecutionCommands(once, ROLE)).toEqual({ text: once, removals: [] });
  });
});
