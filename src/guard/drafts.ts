import type { DraftItem } from '../plan/schema.ts';
import { FINDING_PREFIX, type GuardFinding } from './findings.ts';
import { redactSecrets } from './secrets.ts';
import { excerpt } from './text.ts';

/**
 * Drafts stay drafts: the bot never applies anything, so a draft that says it was sent, posted or
 * applied is wrong. Each such claim is rewritten as a proposal.
 */
const PAST_TO_BASE: Readonly<Record<string, string>> = {
  updated: 'update',
  sent: 'send',
  published: 'publish',
  merged: 'merge',
  posted: 'post',
  applied: 'apply',
  created: 'create',
  filed: 'file',
  submitted: 'submit',
  pushed: 'push',
  uploaded: 'upload',
  edited: 'edit',
  opened: 'open',
  closed: 'close',
  shared: 'share',
  notified: 'notify',
  changed: 'change',
  modified: 'modify',
  added: 'add',
  emailed: 'email',
  announced: 'announce',
  executed: 'execute',
  committed: 'commit',
  raised: 'raise',
  logged: 'log',
};
const VERB = `(${Object.keys(PAST_TO_BASE).join('|')})`;
const ADVERBS = String.raw`(?:(?:already|now|just|successfully|also)\s+)*`;
const ENVIRONMENTS = `(?:production|prod|staging|preprod|canary|qa|dev)`;

type Rewrite = { pattern: RegExp; replace: (match: string, ...groups: string[]) => string };

function base(verb: string): string {
  return PAST_TO_BASE[verb.toLowerCase()] ?? verb;
}

function sameCase(template: string, word: string): string {
  return /^[A-Z]/.test(template) ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

const BE_FOR: Readonly<Record<string, string>> = {
  has: 'is',
  was: 'is',
  is: 'is',
  have: 'are',
  were: 'are',
  are: 'are',
};

function toBe(auxiliary: string): string {
  return sameCase(auxiliary, `${BE_FOR[auxiliary.toLowerCase()] ?? 'is'} to be`);
}

const CONTENT_REWRITES: readonly Rewrite[] = [
  {
    // "I have created", "We've posted", "I already sent" → "I propose to create"
    pattern: new RegExp(String.raw`\b(I|we)(?:\s+have|\s+had|'ve)?\s+${ADVERBS}${VERB}\b`, 'gi'),
    replace: (_m, who = '', verb = '') => `${who} propose to ${base(verb)}`,
  },
  {
    // "has been updated", "have already been sent" → "is to be updated"
    pattern: new RegExp(String.raw`\b(has|have)\s+${ADVERBS}been\s+${ADVERBS}${VERB}\b`, 'gi'),
    replace: (_m, aux = '', verb = '') => `${toBe(aux)} ${verb}`,
  },
  {
    // "was sent", "were merged", "is now published" → "is to be sent"
    pattern: new RegExp(String.raw`\b(was|were|is\s+now|are\s+now)\s+${ADVERBS}${VERB}\b`, 'gi'),
    replace: (_m, aux = '', verb = '') => `${toBe(aux.split(/\s+/)[0] ?? aux)} ${verb}`,
  },
  {
    // "successfully merged", "already posted" with no subject → "to be merged"
    pattern: new RegExp(String.raw`\b(?:successfully|already)\s+${VERB}\b`, 'gi'),
    replace: (m, verb = '') => `${sameCase(m, 'to be')} ${verb}`,
  },
  {
    // "applied to production" → "to be applied to production"
    pattern: new RegExp(String.raw`(?<!\bbe\s)\b${VERB}\s+(to|in|on)\s+(${ENVIRONMENTS})\b`, 'gi'),
    replace: (m, verb = '', prep = '', env = '') =>
      `${sameCase(m, 'to be')} ${verb.toLowerCase()} ${prep} ${env}`,
  },
];

/** A title that opens with a past participle ("Posted release notes") becomes an imperative. */
const TITLE_OPENING = new RegExp(String.raw`^(\s*)${VERB}\b`, 'i');

const PROPOSAL_PREFIX = 'Proposed: ';
const ALREADY_A_PROPOSAL = /^\s*(?:proposed|draft|proposal)\s*:/i;

function rewriteClaims(text: string, isTitle: boolean): string {
  let out = CONTENT_REWRITES.reduce((acc, r) => acc.replace(r.pattern, r.replace), text);
  if (isTitle)
    out = out.replace(TITLE_OPENING, (_m, space = '', verb = '') => `${space}${sameCase(verb, base(verb))}`);
  return out;
}

function asProposal(text: string): string {
  return ALREADY_A_PROPOSAL.test(text) ? text : `${PROPOSAL_PREFIX}${text}`;
}

type DraftInput = Omit<DraftItem, 'status'> & { status: string };
export type DraftsResult = { value: { drafts: DraftItem[] }; findings: GuardFinding[] };

function enforceDraft(draft: DraftInput, path: string, findings: GuardFinding[]): DraftItem {
  const note = (field: string, kind: string, text: string) =>
    findings.push({
      path: `${path}.${field}`,
      kind: `${FINDING_PREFIX.draft}${kind}`,
      excerpt: excerpt(redactSecrets(text).text),
    });

  if (draft.status !== 'DRAFT') note('status', 'status', String(draft.status));
  const title = rewriteClaims(draft.title, true);
  const content = rewriteClaims(draft.content, false);
  const titleClaimed = title !== draft.title;
  const contentClaimed = content !== draft.content;
  if (titleClaimed) note('title', 'claimed_done', draft.title);
  if (contentClaimed) note('content', 'claimed_done', draft.content);
  const claimed = titleClaimed || contentClaimed;
  return {
    ...draft,
    title: claimed ? asProposal(title) : title,
    content: contentClaimed ? asProposal(content) : content,
    status: 'DRAFT',
  };
}

/**
 * Every draft leaves with status 'DRAFT', and titles or contents claiming the draft was already
 * applied, sent, published, merged or posted are rewritten as proposals, each with a finding.
 */
export function enforceDrafts(
  writeback: { drafts: readonly DraftInput[] },
  options: { root?: string } = {},
): DraftsResult {
  const findings: GuardFinding[] = [];
  const prefix = options.root ? `${options.root}.` : '';
  const drafts = writeback.drafts.map((draft, i) => enforceDraft(draft, `${prefix}drafts[${i}]`, findings));
  return { value: { ...writeback, drafts }, findings };
}
