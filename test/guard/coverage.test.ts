import { describe, expect, it } from 'vitest';
import { checkCoverage, environmentsIn, rolesFromMatrix, splitItems } from '../../src/guard/coverage.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';

describe('environmentsIn', () => {
  it.each([
    ['staging, canary and production', ['staging', 'canary', 'production']],
    ['- Dev\n- QA\n- Prod (EU + US)', ['dev', 'qa', 'production']],
    ['pre-prod / preproduction / prd', ['preprod', 'production']],
    ['payments-service and ledger in stg then prod-eu', ['staging', 'production']],
    ['improve test coverage of the checkout module', []],
    ['test env', ['test']],
    ['modules: checkout, ledger; teams: payments, fraud', []],
  ])('%s', (text, expected) => {
    expect([...environmentsIn(text)].sort()).toEqual([...expected].sort());
  });
});

describe('splitItems', () => {
  it('splits on commas, newlines, bullets, slashes and "and"', () => {
    expect(splitItems('Jira, Slack and Confluence\n• CI / PagerDuty; Datadog')).toEqual([
      'Jira',
      'Slack',
      'Confluence',
      'CI',
      'PagerDuty',
      'Datadog',
    ]);
  });
});

describe('rolesFromMatrix', () => {
  it.each([
    ['low: SME\nmedium: SRE lead\nhigh → CTO and SRE lead'],
    ['low: SME; medium: SRE lead; high: CTO and SRE lead'],
  ])('takes the roles after each risk class in %j', (matrix) => {
    expect(rolesFromMatrix(matrix)).toEqual(['SME', 'SRE lead', 'CTO']);
  });
});

describe('checkCoverage', () => {
  const plan = samplePlan();
  const request = {
    changeScope: 'payments-service in staging, canary and production',
    evidenceChannels: 'Jira, Slack, Confluence, CI',
    approvalMatrix: 'low: SME\nmedium: SRE lead\nhigh: CTO',
  };

  it('finds nothing missing when the plan covers the request', () => {
    expect(checkCoverage(plan, request, ['SME', 'SRE lead', 'CTO'])).toEqual({
      missingGates: [],
      missingConnectors: [],
      missingRoles: [],
    });
  });

  it('reports missing gates, connectors and roles', () => {
    const wider = {
      changeScope: 'dev, QA, staging, canary and prod',
      evidenceChannels: 'Jira (REL project), PagerDuty incidents, GitHub Actions, slack',
      approvalMatrix: '',
    };
    expect(checkCoverage(plan, wider, ['sre LEAD', 'Security lead', 'CTO'])).toEqual({
      missingGates: ['dev', 'qa'],
      missingConnectors: ['PagerDuty incidents', 'GitHub Actions'],
      missingRoles: ['Security lead'],
    });
  });

  it('matches "prod" with a "Production" gate and aliases in brackets with connectors', () => {
    const result = checkCoverage(
      plan,
      { ...request, changeScope: 'prod', evidenceChannels: 'build pipeline (CI)' },
      [],
    );
    expect(result.missingGates).toEqual([]);
    expect(result.missingConnectors).toEqual([]);
  });

  it('falls back to the roles in the approval matrix text', () => {
    const result = checkCoverage(plan, { ...request, approvalMatrix: 'high: CTO, CISO' }, []);
    expect(result.missingRoles).toEqual(['CISO']);
  });
});
