import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import { applyRedaction, findSecretSpans, type Redaction, type SecretSpan } from './secrets.ts';

/**
 * secretlint's recommended rules as a second opinion (GitLab, Grafana, Hugging Face, Vault,
 * SendGrid, Shopify, GCP service accounts… that our own table does not name).
 *
 * The preset's comment filter is left out on purpose: with it, text containing
 * `secretlint-disable` hides every secret from secretlint, and here the text is untrusted.
 * (Disabling it through the preset's `rules` option has no effect in @secretlint/core 12, so the
 * preset's rules are registered one by one instead.)
 */
/**
 * @secretlint/core marks every lint call on a process-wide profiler that keeps each mark in a list
 * it never clears and scans on every new mark. In a long-running bot that is a memory leak and,
 * after a few thousand calls, a CPU sink that keeps the process busy after the work is done.
 * Nothing here reads the profile, so marking is switched off.
 */
secretLintProfiler.mark = () => undefined;

const FILTER_RULE = '@secretlint/secretlint-rule-filter-comments';
const RULE_PREFIX = '@secretlint/secretlint-rule-';

/** Derived from lintSource so that @secretlint/types need not be a direct dependency. */
type SecretLintCoreConfig = Parameters<typeof lintSource>[0]['options']['config'];

const CONFIG: SecretLintCoreConfig = {
  rules: rules.filter((rule) => rule.meta.id !== FILTER_RULE).map((rule) => ({ id: rule.meta.id, rule })),
};

/** `@secretlint/secretlint-rule-hashicorp-vault` → `hashicorp_vault`, a valid marker kind. */
export function kindFromRuleId(ruleId: string): string {
  const name = ruleId.startsWith(RULE_PREFIX) ? ruleId.slice(RULE_PREFIX.length) : ruleId;
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'secret'
  );
}

export async function secretlintSpans(text: string): Promise<SecretSpan[]> {
  const result = await lintSource({
    source: { content: text, filePath: 'message.txt', contentType: 'text' },
    options: { config: CONFIG, noPhysicFilePath: true },
  });
  return result.messages
    .filter((m) => m.type === 'message')
    .map((m) => ({ start: m.range[0], end: m.range[1], kind: kindFromRuleId(m.ruleId) }));
}

/** Between texts linted together: whitespace, which no secretlint rule reads as part of a token. */
const SEPARATOR = '\n\n';

/**
 * secretlint's spans for several texts in one lint call. Setting up its rules is most of a call's
 * cost (a section has dozens of strings: one call each allocated 2 MB per plan, issue 14). A span
 * that reaches across a separator is kept, clipped, in every text it touches: more is redacted,
 * never less.
 */
export async function secretlintSpansOfEach(texts: readonly string[]): Promise<SecretSpan[][]> {
  if (texts.length === 0) return [];
  const starts: number[] = [];
  let offset = 0;
  for (const text of texts) {
    starts.push(offset);
    offset += text.length + SEPARATOR.length;
  }
  const spans = await secretlintSpans(texts.join(SEPARATOR));
  return texts.map((text, i) => {
    const start = starts[i] ?? 0;
    const end = start + text.length;
    return spans
      .filter((span) => span.start < end && span.end > start)
      .map((span) => ({
        start: Math.max(span.start, start) - start,
        end: Math.min(span.end, end) - start,
        kind: span.kind,
      }));
  });
}

/** `redactSecretsThorough` for several texts, with one secretlint call for all of them. */
export async function redactEachThorough(texts: readonly string[]): Promise<Redaction[]> {
  const spans = await secretlintSpansOfEach(texts);
  return texts.map((text, i) => applyRedaction(text, findSecretSpans(text, spans[i] ?? [])));
}

/**
 * Our patterns plus secretlint's, resolved in one pass so indices refer to the input.
 * Measured on this machine: ~14 ms for the first call (rule setup), then ~0.2 ms for a short
 * sentence and ~0.3 ms for a 1–2 KB message.
 */
export async function redactSecretsThorough(text: string): Promise<Redaction> {
  return applyRedaction(text, findSecretSpans(text, await secretlintSpans(text)));
}
