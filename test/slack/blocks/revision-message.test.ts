import type { ActionsBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  buildNoChangeNotice,
  buildRevisionFailureMessage,
  buildRevisionMessage,
  type RevisionView,
} from '../../../src/slack/blocks/revision-message.ts';
import { REVISION_ACTION } from '../../../src/slack/ids.ts';
import { decodeJson, RevisionButtonValue } from '../../../src/slack/metadata.ts';
import { checkMessage } from './check.ts';

const planId = '0b6f3c1e-5a39-4d2c-9b7a-2f8e1d4c6a10';

function view(overrides: Partial<RevisionView> = {}): RevisionView {
  return {
    revision: 1,
    version: 2,
    feedbackBy: 'U0REVIEWER',
    summary: 'Added the load test to the medium gate.',
    sections: ['Change Gating Rules'],
    changes: [
      {
        title: 'Change Gating Rules',
        lines: [{ path: 'rules › #2 (medium) › criteria › #3', before: null, after: 'Load test passed' }],
        omitted: 0,
      },
    ],
    added: [],
    removed: [],
    resets: [
      {
        title: 'Change Gating Rules',
        decisions: [{ userId: 'U0SRE1', role: 'SRE lead', decision: 'approve' }],
      },
    ],
    feedbackTruncated: false,
    ...overrides,
  };
}

const all = (message: { text: string; blocks: unknown[] }) =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;

describe('buildRevisionMessage', () => {
  it('says which revision, whose feedback, which sections, before → after and which approvals reset', () => {
    const message = buildRevisionMessage(view());
    expect(checkMessage(message)).toEqual([]);
    const text = all(message);
    expect(message.text).toMatch(/^Revision 1 · plan version 2/);
    expect(text).toContain('<@U0REVIEWER>');
    expect(text).toContain('Change Gating Rules');
    expect(text).toContain('_(none)_ → “Load test passed”');
    expect(text).toContain('SRE lead approval by <@U0SRE1>');
  });

  it.each([
    ['no decisions on the changed items', [{ title: 'Gating', decisions: [] }], /Approvals reset:\* none/],
    [
      'a change request that no longer counts',
      [
        {
          title: 'Gating',
          decisions: [{ userId: 'U0CTO1', role: 'CTO', decision: 'request_changes' as const }],
        },
      ],
      /CTO change request by <@U0CTO1>/,
    ],
  ])('handles %s', (_name, resets, expected) => {
    expect(all(buildRevisionMessage(view({ resets })))).toMatch(expected);
  });

  it('lists added and removed items and notes truncated feedback', () => {
    const text = all(
      buildRevisionMessage(
        view({ added: ['Draft: Status page'], removed: ['Draft: Old comms'], feedbackTruncated: true }),
      ),
    );
    expect(text).toContain('*Added:* Draft: Status page');
    expect(text).toContain('*Removed:* Draft: Old comms');
    expect(text).toMatch(/only its beginning was given to the model/);
  });

  it('escapes model and user text: no mention or link injection', () => {
    const message = buildRevisionMessage(
      view({
        summary: 'Done <!channel> see <https://evil.example|here> @here',
        changes: [
          {
            title: 'Gating <!here>',
            lines: [{ path: 'p', before: '<@U123>', after: '<!subteam^S1>' }],
            omitted: 0,
          },
        ],
        feedbackBy: 'not-a-user-id',
      }),
    );
    const text = all(message);
    expect(text).not.toMatch(/<!channel>|<!here>|<@U123>|<!subteam|<https:/);
    expect(text).not.toContain('<@not-a-user-id>');
  });

  it('stays within Slack limits with many long changes', () => {
    const long = 'x'.repeat(140);
    const changes = Array.from({ length: 20 }, (_, i) => ({
      title: `Draft: item ${i}`,
      lines: Array.from({ length: 4 }, () => ({ path: `a › ${long}`, before: long, after: long })),
      omitted: 3,
    }));
    const message = buildRevisionMessage(view({ changes, sections: ['Draft Writeback Bundle'] }));
    expect(checkMessage(message, { maxBlocks: 45 })).toEqual([]);
    expect(all(message)).toContain('more changed items');
  });
});

describe('buildNoChangeNotice', () => {
  it('tells the author privately that nothing changed, why, and that nothing was reset', () => {
    const message = buildNoChangeNotice({
      version: 3,
      planTitle: 'Checkout <v2>',
      summary: 'Already covered.',
    });
    expect(checkMessage(message)).toEqual([]);
    expect(all(message)).toMatch(/No changes.*Checkout &lt;v2&gt;.*version 3.*no approvals were reset/s);
    expect(all(message)).toMatch(/Why:.*Already covered\./s);
    expect(all(message)).toContain('Only you see this');
  });

  it('escapes the summary and keeps a very long one within the limits', () => {
    const message = buildNoChangeNotice({
      version: 1,
      planTitle: 'P',
      summary: `<!channel> ${'x'.repeat(9000)}`,
    });
    expect(checkMessage(message)).toEqual([]);
    expect(all(message)).not.toContain('<!channel>');
  });
});

describe('buildRevisionFailureMessage', () => {
  it('keeps the shared wording and offers a Retry that names plan and feedback', () => {
    const message = buildRevisionFailureMessage({ planId, feedbackId: '1800000000.000001', code: 'stalled' });
    expect(checkMessage(message)).toEqual([]);
    expect(all(message)).toMatch(/revision could not be finished.*stopped responding/s);
    expect(all(message)).toMatch(/stays at its previous version/);
    const actions = message.blocks.filter((b): b is ActionsBlock => b.type === 'actions');
    expect(actions).toHaveLength(1);
    const button = actions[0]?.elements[0];
    expect(button).toMatchObject({ action_id: REVISION_ACTION.retryRevision, style: 'primary' });
    expect(decodeJson(RevisionButtonValue, button && 'value' in button ? button.value : undefined)).toEqual({
      planId,
      feedbackId: '1800000000.000001',
    });
  });
});
