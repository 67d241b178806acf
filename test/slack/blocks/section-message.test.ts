import type { KnownBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftItemKeys } from '../../../src/approval/items.ts';
import {
  DraftItem,
  type Plan,
  parseSection,
  SECTION_KEYS,
  SECTION_TITLES,
  type Section,
  type SectionKey,
} from '../../../src/plan/schema.ts';
import { buildSectionMessages, type ItemMessage } from '../../../src/slack/blocks/section-message.ts';
import { SECTION_BLOCK } from '../../../src/slack/ids.ts';
import { samplePlan } from '../../fakes/plan-fixture.ts';
import { checkMessage } from './check.ts';

const ctx = { planId: 'plan-1', version: 3, index: 0 };
const ROOM_FOR_CONTROLS = { maxBlocks: 45, maxChars: 11_000 };

function section<K extends SectionKey>(plan: Plan, key: K): Section {
  return parseSection(key, plan[key]);
}

function allText(blocks: KnownBlock[]): string {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  walk(blocks);
  return out.join('\n');
}

/** Text Slack parses for mentions: mrkdwn objects and the fallback (plain_text is shown as typed). */
function parsedText(message: ItemMessage): string {
  const out: string[] = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) for (const v of value) walk(v);
    else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      if (obj.type === 'mrkdwn' && typeof obj.text === 'string') out.push(obj.text);
      for (const v of Object.values(obj)) walk(v);
    }
  };
  walk(message.blocks);
  return out.join('\n');
}

function expectSafe(messages: ItemMessage[]): void {
  for (const message of messages) {
    expect(checkMessage(message, ROOM_FOR_CONTROLS), `${message.itemKey}#${message.part}`).toEqual([]);
    expect(parsedText(message)).not.toMatch(/[<>]/);
    expect(`${message.text}\n${allText(message.blocks)}`).not.toMatch(/@(here|channel|everyone)/i);
  }
  const byItem = Map.groupBy(messages, (m) => m.itemKey);
  for (const parts of byItem.values()) expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i));
}

/** A string of `length` chars mixing words, newlines, emoji, mentions and markup. */
function hostile(length: number, seed = 0): string {
  const pieces = [
    'word ',
    '😀',
    '👨‍👩‍👧 ',
    '<!channel> ',
    '@here ',
    '&amp; ',
    '```',
    '\n',
    '*bold* ',
    'x'.repeat(40),
  ];
  let out = '';
  for (let i = seed; out.length < length; i++) out += pieces[i % pieces.length];
  return out.slice(0, length).toWellFormed();
}

/** Every string 20,000 chars, every array 300 items (nested arrays kept short so the test stays fast). */
function oversizedPlan(): Plan {
  const long = (seed: number) => hostile(20_000, seed);
  const many = <T>(make: (i: number) => T, n = 300) => Array.from({ length: n }, (_, i) => make(i));
  const short = (i: number) => hostile(200, i);
  return {
    scorecard: {
      summary: long(1),
      scope: { products: many(short), environments: many(short), stakeholder_impact: long(2) },
      gates: many((i) => ({
        environment: i % 50 === 0 ? long(i) : short(i),
        criteria: short(i + 1),
        status: (['pass', 'fail', 'unknown'] as const)[i % 3] ?? 'pass',
        evidence: i % 100 === 0 ? long(i) : short(i + 2),
        owner_role: short(i + 3),
      })),
      missing_dependencies: many(short),
      evidence_gaps: [long(3), ...many(short, 299)],
      overall_status: 'red',
    },
    toolchain: {
      layers: many((i) => ({ layer: 'intake', purpose: i === 0 ? long(4) : short(i) })),
      connectors: many((i) => ({
        system: i === 0 ? long(5) : short(i),
        layer: 'writeback',
        access: i % 2 ? 'read_only' : 'write_capable',
        rationale: short(i),
        owner_role: short(i),
        handoff: i === 1 ? long(6) : short(i),
      })),
    },
    gating: {
      rules: many((i) => ({
        risk_class: 'high',
        criteria: many(short, 3),
        approver_role: i === 0 ? long(7) : short(i),
      })),
      exceptions: many((i) => ({
        situation: short(i),
        handling: short(i),
        override_requirement: short(i),
        role: short(i),
      })),
      escalations: many((i) => ({ trigger: short(i), escalate_to_role: short(i), timeout_hours: i })),
    },
    timeline: {
      phases: many((i) => ({
        week: i,
        name: short(i),
        goal: i === 0 ? long(8) : short(i),
        evidence_required: many(short, 3),
        tasks: many(
          (j) => ({ task: short(j), owner_role: short(j), mode: j % 2 ? 'sequential' : 'parallelizable' }),
          3,
        ),
      })),
    },
    writeback: {
      drafts: many(
        (i) => ({
          id: i < 3 ? 'Same ID!' : `draft ${i} 😀`,
          title: i === 0 ? long(9) : short(i),
          target_system: i === 1 ? long(10) : short(i),
          kind: 'comms',
          content: long(i),
          approver_role: short(i),
          rereview_trigger: i === 2 ? long(11) : short(i),
          idempotency_key: short(i),
          audit_note: i === 2 ? long(12) : short(i),
          status: 'DRAFT',
        }),
        20,
      ),
    },
    exit: {
      keep: many(short),
      pause: [long(13)],
      rollback: many(short),
      monitoring: many((i) => ({ phase: short(i), signals: many(short, 3) })),
      status_triggers: many((i) => ({ to: 'yellow', condition: i === 0 ? long(14) : short(i) })),
      review_criteria: [
        { checkpoint: 'day-0', criteria: many(short) },
        { checkpoint: 'day-1', criteria: [long(15)] },
        { checkpoint: 'day-7', criteria: [] },
      ],
    },
  };
}

describe('buildSectionMessages (sample plan)', () => {
  const plan = samplePlan();

  it.each(SECTION_KEYS.map((key, i) => [key, i + 1] as const))(
    '%s: header "%d/6 · Title", within limits',
    (key, n) => {
      const messages = buildSectionMessages(section(plan, key), ctx);
      const first = messages[0];
      expect(first?.itemKey).toBe(key);
      expect(first?.part).toBe(0);
      expect(first?.blocks[0]).toMatchObject({
        type: 'header',
        block_id: SECTION_BLOCK.header,
        text: { text: `${n}/6 · ${SECTION_TITLES[key]}` },
      });
      expect(first?.text).toContain(SECTION_TITLES[key]);
      expect(allText(first?.blocks ?? [])).toContain('Plan version 3');
      expectSafe(messages);
    },
  );

  it('scorecard: scope as fields and one line per gate with its emoji', () => {
    const [message] = buildSectionMessages(section(plan, 'scorecard'), ctx);
    const fields = message?.blocks.find((b) => b.type === 'section' && b.fields);
    expect(fields?.type === 'section' && fields.fields?.length).toBe(3);
    const text = allText(message?.blocks ?? []);
    for (const gate of plan.scorecard.gates) {
      const emoji = { pass: '✅', fail: '❌', unknown: '❓' }[gate.status];
      expect(text).toContain(`${emoji} *${gate.environment}* — ${gate.status} · owner: _${gate.owner_role}_`);
    }
  });

  it('toolchain marks each connector read-only or write-capable', () => {
    const text = allText(buildSectionMessages(section(plan, 'toolchain'), ctx)[0]?.blocks ?? []);
    expect(text).toContain('🔒 *Jira* · validation · read-only');
    expect(text).toContain('✏️ *Confluence* · writeback · write-capable');
  });

  it('timeline marks tasks parallelizable or sequential', () => {
    const text = allText(buildSectionMessages(section(plan, 'timeline'), ctx)[0]?.blocks ?? []);
    expect(text).toMatch(/Week 1 · /);
    expect(text).toMatch(/⇉ .* \(parallelizable\)|→ .* \(sequential\)/);
  });

  it('writeback: an overview, then one DRAFT item per draft', () => {
    const messages = buildSectionMessages(section(plan, 'writeback'), ctx);
    const keys = messages.map((m) => m.itemKey);
    expect(keys).toEqual(['writeback', ...draftItemKeys(plan.writeback.drafts)]);
    for (const [i, draft] of plan.writeback.drafts.entries()) {
      const message = messages[i + 1];
      expect(message?.text).toMatch(/^DRAFT · /);
      expect(message?.blocks[0]).toMatchObject({ type: 'header', text: { text: `DRAFT · ${draft.title}` } });
      const fields = message?.blocks.find((b) => b.type === 'section' && b.fields);
      expect(fields?.type === 'section' && fields.fields?.map((f) => f.text.split('\n')[0])).toEqual([
        '*Target system*',
        '*Kind*',
        '*Proposed approver*',
        '*Idempotency key*',
      ]);
      expect(allText(message?.blocks ?? [])).toContain(`\`\`\`\n${draft.content.replaceAll('&', '&amp;')}`);
    }
  });

  it('renders empty arrays as "None listed"', () => {
    const empty = samplePlan({
      exit: { keep: [], pause: [], rollback: [], monitoring: [], status_triggers: [], review_criteria: [] },
    });
    const text = allText(buildSectionMessages(section(empty, 'exit'), ctx)[0]?.blocks ?? []);
    expect(text.match(/None listed/g)).toHaveLength(6);
  });

  it('shows what the guard removed', () => {
    const [message] = buildSectionMessages(section(plan, 'gating'), { ...ctx, notes: ['a <!here> command'] });
    const notes = message?.blocks.find((b) => b.block_id === SECTION_BLOCK.guardNotes);
    expect(allText(notes ? [notes] : [])).toContain('Removed before posting');
    expect(allText(notes ? [notes] : [])).toContain('a &lt;!here&gt; command');
  });
});

describe('draft content', () => {
  const draft = (content: string) => DraftItem.parse({ ...samplePlan().writeback.drafts[0], content });

  it.each([
    ['fences cannot close the code block', 'before ``` after ````', /``/],
    ['mentions are escaped', '<!channel> <@U1> @everyone', /[<>]|@everyone/],
  ])('%s', (_name, content, forbidden) => {
    const messages = buildSectionMessages({ key: 'writeback', value: { drafts: [draft(content)] } }, ctx);
    const code = allText(messages[1]?.blocks ?? []).match(/```\n([\s\S]*?)\n```/)?.[1] ?? '';
    expect(code).not.toBe('');
    expect(code).not.toMatch(forbidden);
  });
});

describe('draftItemKeys', () => {
  it.each([
    [['jira-epic-update'], ['writeback:jira-epic-update']],
    [['Jira Epic: Update!'], ['writeback:jira-epic-update']],
    [
      ['a', 'a', 'a-2'],
      ['writeback:a', 'writeback:a-2', 'writeback:a-2-2'],
    ],
    [
      ['', '***'],
      ['writeback:draft', 'writeback:draft-2'],
    ],
    [['snake_case_ok'], ['writeback:snake_case_ok']],
    [['x'.repeat(300)], [`writeback:${'x'.repeat(60)}`]],
  ])('%j → %j', (ids, keys) => {
    expect(draftItemKeys(ids.map((id) => ({ id })))).toEqual(keys);
  });
});

describe('oversized model output', () => {
  const plan = oversizedPlan();

  it.each(SECTION_KEYS)('%s: every message passes checkMessage with room for controls', (key) => {
    const messages = buildSectionMessages(section(plan, key), ctx);
    expect(messages.length).toBeGreaterThan(1);
    expectSafe(messages);
    expect(new Set(messages.map((m) => `${m.itemKey}#${m.part}`)).size).toBe(messages.length);
    for (const message of messages.filter((m) => m.part > 0))
      expect(allText(message.blocks)).toContain('continued');
  });

  it('writeback: duplicate and exotic draft ids still give unique, sanitised keys', () => {
    const keys = [...new Set(buildSectionMessages(section(plan, 'writeback'), ctx).map((m) => m.itemKey))];
    expect(keys).toHaveLength(21);
    for (const key of keys.slice(1)) expect(key).toMatch(/^writeback:[a-z0-9_-]+$/);
  });
});

describe('property: arbitrary sections stay within limits', () => {
  const str = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 50 }),
  );
  const arr = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 12 });
  const scorecard = fc.record({
    summary: str,
    scope: fc.record({ products: arr(str), environments: arr(str), stakeholder_impact: str }),
    gates: arr(
      fc.record({
        environment: str,
        criteria: str,
        status: fc.constantFrom('pass' as const, 'fail' as const, 'unknown' as const),
        evidence: str,
        owner_role: str,
      }),
    ),
    missing_dependencies: arr(str),
    evidence_gaps: arr(str),
    overall_status: fc.constantFrom('green' as const, 'yellow' as const, 'red' as const),
  });
  const drafts = arr(
    fc.record({
      id: str,
      title: str,
      target_system: str,
      kind: fc.constantFrom('issue' as const, 'doc_page' as const, 'comms' as const),
      content: fc.oneof(str, fc.string({ maxLength: 8000 })),
      approver_role: str,
      rereview_trigger: str,
      idempotency_key: str,
      audit_note: str,
      status: fc.constant('DRAFT' as const),
    }),
  );

  it('scorecard and writeback', () => {
    fc.assert(
      fc.property(scorecard, drafts, (card, list) => {
        const messages = [
          ...buildSectionMessages({ key: 'scorecard', value: card }, ctx),
          ...buildSectionMessages({ key: 'writeback', value: { drafts: list } }, ctx),
        ];
        return messages.every(
          (m) => checkMessage(m, ROOM_FOR_CONTROLS).length === 0 && !/[<>]/.test(parsedText(m)),
        );
      }),
      { numRuns: 60 },
    );
  });
});
