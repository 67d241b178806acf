import type { Plan } from '../../src/plan/schema.ts';
import { REQUESTER } from '../../test/e2e/flow.ts';
import type { FakeModels, RecordedRequest } from '../../test/fakes/model-server.ts';
import { samplePlan } from '../../test/fakes/plan-fixture.ts';
import { threadReplyEvent } from '../../test/fakes/slack-client.ts';
import { tallyByMethod, totalOf } from '../lib/calls.ts';
import type { Driver } from '../lib/driver.ts';
import { callsAndBytes, fixed, percent, type Row } from '../lib/format.ts';
import {
  cacheableText,
  maxOutputTokens,
  promptText,
  requestedKeys,
  sharedPrefixShare,
} from '../lib/prompt.ts';
import { ratio } from '../lib/stats.ts';
import { pollUntil, waitForQuiet } from '../lib/wait.ts';

/** Two rounds of feedback, each answered as a model would: the one changed section, null for the rest. */
const ROUNDS = [
  { key: 'timeline', feedback: 'Please move the week 3 expansion one week later; nothing else changes.' },
  {
    key: 'exit',
    feedback: 'Please add error budget burn to what we monitor in canary; nothing else changes.',
  },
] as const satisfies readonly { key: keyof Plan; feedback: string }[];

/** The same value with its first string edited: a one-section change of realistic size. */
function edited(value: unknown): unknown {
  let done = false;
  const walk = (v: unknown): unknown => {
    if (done) return v;
    if (typeof v === 'string') {
      done = true;
      return `${v} (revised)`;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value);
}

function oneSectionAnswer(key: keyof Plan): Record<string, unknown> {
  const plan = samplePlan();
  const nulls = Object.fromEntries(Object.keys(plan).map((k) => [k, null]));
  return { ...nulls, [key]: edited(plan[key]), summary: `Revised the ${key} section as asked.` };
}

interface Round {
  request: RecordedRequest;
  calls: ReturnType<typeof tallyByMethod>;
}

async function reviseOnce(
  driver: Driver,
  models: FakeModels,
  channel: string,
  rootTs: string,
  round: (typeof ROUNDS)[number],
  n: number,
): Promise<Round> {
  models.script({ kind: 'json', value: oneSectionAnswer(round.key) });
  const before = models.requests.length;
  const callsBefore = driver.slack.calls.length;
  const ts = `1800000000.${String(n).padStart(6, '0')}`;
  await driver.client.event(
    threadReplyEvent({ channel, user: REQUESTER, text: round.feedback, ts, threadTs: rootTs }),
  );
  await pollUntil(() => models.requests[before]?.done === true, {
    what: `the model request of revision ${n}`,
    timeoutMs: 30_000,
    intervalMs: 10,
  });
  await waitForQuiet(() => driver.slack.calls.length, 500, 10_000);
  const request = models.requests[before];
  if (!request) throw new Error(`revision ${n} sent no model request`);
  return { request, calls: tallyByMethod(driver.slack.calls.slice(callsBefore)) };
}

function rows(plan: RecordedRequest, first: Round, second: Round): Row[] {
  const sameSchema =
    JSON.stringify(requestedKeys(plan.body)) === JSON.stringify(requestedKeys(first.request.body));
  const calls = totalOf(first.calls);
  return [
    {
      measure: '6 revision output tokens / full plan (one-section change)',
      value: fixed(ratio(first.request.usage.outputTokens, plan.usage.outputTokens)),
      note: `${first.request.usage.outputTokens} / ${plan.usage.outputTokens} tokens; asks for ${requestedKeys(first.request.body).join(', ')} (unchanged = null)`,
    },
    {
      measure: '6 output budget (max tokens) revision / plan',
      value: `${maxOutputTokens(first.request.body)} / ${maxOutputTokens(plan.body)}`,
    },
    {
      measure: '6 revision 1: input prefix shared with the plan request',
      value: percent(sharedPrefixShare(cacheableText(plan.body), cacheableText(first.request.body))),
      note: `prompt text alone: ${percent(sharedPrefixShare(promptText(plan.body), promptText(first.request.body)))}; ${sameSchema ? 'same' : 'different'} output schema`,
    },
    {
      measure: '6 revision 2: input prefix shared with revision 1',
      value: percent(
        sharedPrefixShare(cacheableText(first.request.body), cacheableText(second.request.body)),
      ),
      note: 'same schema; the current plan changed at the revised section',
    },
    {
      measure: '3 Slack calls per revision (one section changed)',
      value: callsAndBytes(calls.calls, calls.bytes),
      note: first.calls.map((t) => `${t.method} ×${t.calls}`).join(', '),
    },
  ];
}

/**
 * Measurement 6: two thread replies, each asking for a one-section change, read from the model
 * requests the app sends (by characters: the fake's token counts are chars / 4).
 */
export async function measureRevision(
  driver: Driver,
  models: FakeModels,
  channel: string,
  rootTs: string,
): Promise<Row[]> {
  const plan = models.requests[0];
  if (!plan) return [{ measure: '6 revision cost', value: 'n/a (no plan request recorded)' }];
  models.configure({ tokensPerSecond: 0 });
  const [first, second] = ROUNDS;
  const r1 = await reviseOnce(driver, models, channel, rootTs, first, 1);
  const r2 = await reviseOnce(driver, models, channel, rootTs, second, 2);
  return rows(plan, r1, r2);
}
