import { describe, expect, it } from 'vitest';
import { fillRoles } from '../../src/guard/roles.ts';
import type { SectionValue } from '../../src/plan/schema.ts';

describe('fillRoles', () => {
  const gating: SectionValue<'gating'> = {
    rules: [
      { risk_class: 'low', criteria: ['Tests green'], approver_role: '' },
      { risk_class: 'high', criteria: ['CAB approval'], approver_role: 'CTO' },
    ],
    exceptions: [{ situation: 'Hotfix', handling: 'Short canary', override_requirement: 'CTO', role: '   ' }],
    escalations: [{ trigger: 'No decision', escalate_to_role: '', timeout_hours: 4 }],
  };

  it('fills every blank role field and reports it', () => {
    const { value, findings } = fillRoles(gating, 'Release manager', { root: 'gating' });
    expect(value.rules.map((r) => r.approver_role)).toEqual(['Release manager', 'CTO']);
    expect(value.exceptions[0]?.role).toBe('Release manager');
    expect(value.escalations[0]?.escalate_to_role).toBe('Release manager');
    expect(findings).toEqual([
      { path: 'gating.rules[0].approver_role', kind: 'role:filled', excerpt: 'Release manager' },
      { path: 'gating.exceptions[0].role', kind: 'role:filled', excerpt: 'Release manager' },
      { path: 'gating.escalations[0].escalate_to_role', kind: 'role:filled', excerpt: 'Release manager' },
    ]);
  });

  it('does not touch other blank fields or filled roles', () => {
    const timeline: SectionValue<'timeline'> = {
      phases: [
        {
          week: 1,
          name: '',
          goal: 'Pilot',
          evidence_required: [],
          tasks: [{ task: 'Prepare dashboard', owner_role: 'SRE lead', mode: 'parallelizable' }],
        },
      ],
    };
    expect(fillRoles(timeline, 'SME')).toEqual({ value: timeline, findings: [] });
  });
});
