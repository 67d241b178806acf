import { describe, expect, it } from 'vitest';
import { createAudience, refusal, requestIds } from '../../../src/slack/middleware/audience.ts';

describe('audience', () => {
  it('refuses everything until the own team is learned from auth.test, then that team only', () => {
    const audience = createAudience({ appId: undefined, teamIds: undefined });
    const ids = requestIds({ team_id: 'T1', api_app_id: 'A1' }, {});
    expect(refusal(ids, audience)).toMatch(/not known yet/);
    audience.learn({ team_id: 'T1' });
    expect(refusal(ids, audience)).toBeUndefined();
    expect(refusal(requestIds({ team: { id: 'T2' } }, {}), audience)).toBe('another workspace');
  });

  it('accepts a listed enterprise for any of its workspaces (Enterprise Grid), and ignores auth.test then', () => {
    const audience = createAudience({ appId: undefined, teamIds: ['E0GRID'] });
    audience.learn({ team_id: 'T9' });
    expect(refusal(requestIds({ team_id: 'T5' }, { enterpriseId: 'E0GRID' }), audience)).toBeUndefined();
    expect(refusal(requestIds({ team_id: 'T9' }, {}), audience)).toBe('another workspace');
  });

  it('checks the app id wherever the payload carries it, and refuses one without it', () => {
    const audience = createAudience({ appId: 'A1', teamIds: ['T1'] });
    expect(refusal(requestIds({ team_id: 'T1', view: { app_id: 'A1' } }, {}), audience)).toBeUndefined();
    expect(refusal(requestIds({ team_id: 'T1', api_app_id: 'A2' }, {}), audience)).toBe('another app');
    expect(refusal(requestIds({ team_id: 'T1' }, {}), audience)).toBe('another app');
  });
});
