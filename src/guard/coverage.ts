import type { Plan } from '../plan/schema.ts';

/**
 * Does the plan cover what was asked? Every environment in the change scope has a gate, every
 * evidence channel has a connector, every approval-matrix role appears in the gating rules.
 * Names are pulled from free text pragmatically; only well-known environment words are recognised.
 */
export type Coverage = { missingGates: string[]; missingConnectors: string[]; missingRoles: string[] };
export type CoverageRequest = { changeScope: string; evidenceChannels: string; approvalMatrix: string };

const ENVIRONMENT_WORDS: Readonly<Record<string, string>> = {
  dev: 'dev',
  development: 'dev',
  test: 'test',
  testing: 'test',
  qa: 'qa',
  uat: 'uat',
  staging: 'staging',
  stage: 'staging',
  stg: 'staging',
  canary: 'canary',
  preprod: 'preprod',
  preproduction: 'preprod',
  production: 'production',
  prod: 'production',
  prd: 'production',
};
/** Words that are environments only in a short list item or next to "env": "test coverage" is not one. */
const AMBIGUOUS = new Set(['test', 'testing', 'stage', 'development']);
const ENV_CONTEXT = /\b(?:env|envs|environment|environments|cluster|tier|gate)\b/;

/** Splits free text into items on commas, semicolons, newlines, bullets, slashes and "and". */
export function splitItems(text: string): string[] {
  return text
    .split(/[,;\n/|]|\s+(?:and|&|\+)\s+|(?:^|\s)[-*•]\s+/i)
    .map((item) => item.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((item) => item !== '');
}

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/\bpre[\s-]+prod(uction)?\b/g, 'preprod$1')
      .match(/[a-z0-9]+/g) ?? []
  );
}

export function environmentsIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const item of splitItems(text)) {
    const itemWords = words(item);
    const short = itemWords.length <= 3 || ENV_CONTEXT.test(item.toLowerCase());
    for (const word of itemWords) {
      const env = ENVIRONMENT_WORDS[word];
      if (env && (short || !AMBIGUOUS.has(word))) found.add(env);
    }
  }
  return found;
}

function missingGates(plan: Plan, changeScope: string): string[] {
  const gated = new Set<string>();
  for (const gate of plan.scorecard.gates) {
    for (const word of words(gate.environment)) {
      const env = ENVIRONMENT_WORDS[word];
      if (env) gated.add(env);
    }
  }
  return [...environmentsIn(changeScope)].filter((env) => !gated.has(env));
}

/** "Jira (RELEASE project)" → ["Jira", "RELEASE project"]: the name and any alias in brackets. */
function channelNames(item: string): { label: string; names: string[] } {
  const label = item.split(/\s*[(:–—]|\s+-\s+/)[0]?.trim() || item;
  const aliases = [...item.matchAll(/\(([^)]+)\)/g)].map((m) => m[1] ?? '');
  return { label, names: [label, ...aliases].filter((n) => words(n).length > 0) };
}

/** Same system when all words of one name appear in the other: "GitHub Actions" ~ "GitHub Actions CI". */
function sameSystem(a: string, b: string): boolean {
  const wa = words(a);
  const wb = new Set(words(b));
  if (wa.length === 0 || wb.size === 0) return false;
  return wa.every((w) => wb.has(w)) || [...wb].every((w) => wa.includes(w));
}

function missingConnectors(plan: Plan, evidenceChannels: string): string[] {
  const systems = plan.toolchain.connectors.map((c) => c.system);
  return splitItems(evidenceChannels)
    .map(channelNames)
    .filter(({ names }) => !names.some((name) => systems.some((system) => sameSystem(name, system))))
    .map(({ label }) => label);
}

function normaliseRole(role: string): string {
  return words(role).join(' ');
}

/** Roles from "high: CAB chair, SRE lead\nmedium → Release manager; low: SME" when no parsed list is given. */
export function rolesFromMatrix(approvalMatrix: string): string[] {
  const roles = approvalMatrix
    // One risk class per line or per "; " — "low: SME; medium: SRE lead" is as common as lines.
    .split(/[\n;]/)
    .map((line) => line.replace(/^[^:=→]*(?::|=|→|->)\s*/, ''))
    .flatMap(splitItems);
  return [...new Set(roles.map((r) => r.trim()).filter(Boolean))];
}

function missingRoles(plan: Plan, roles: readonly string[]): string[] {
  const gatingRoles = plan.gating.rules.map((r) => normaliseRole(r.approver_role));
  return roles.filter((role) => {
    const wanted = normaliseRole(role);
    return wanted !== '' && !gatingRoles.some((g) => ` ${g} `.includes(` ${wanted} `));
  });
}

export function checkCoverage(
  plan: Plan,
  request: CoverageRequest,
  matrixRoles: readonly string[],
): Coverage {
  const roles = matrixRoles.length > 0 ? matrixRoles : rolesFromMatrix(request.approvalMatrix);
  return {
    missingGates: missingGates(plan, request.changeScope),
    missingConnectors: missingConnectors(plan, request.evidenceChannels),
    missingRoles: missingRoles(plan, roles),
  };
}
