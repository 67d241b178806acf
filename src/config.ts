import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import type { EvidenceSettings } from './evidence/collect.ts';
import { EVIDENCE_ENV, evidenceSettings } from './evidence/settings.ts';

const HOW = {
  SLACK_BOT_TOKEN:
    'the Bot User OAuth Token (xoxb-…): your Slack app → OAuth & Permissions → Install to Workspace',
  SLACK_SIGNING_SECRET: 'your Slack app → Basic Information → App Credentials → Signing Secret',
  SLACK_APP_TOKEN:
    'an app-level token (xapp-…) with connections:write: your Slack app → Basic Information → App-Level Tokens',
  OPENAI_API_KEY: 'an OpenAI API key (https://platform.openai.com/api-keys)',
  ANTHROPIC_API_KEY: 'an Anthropic API key (https://console.anthropic.com/settings/keys)',
} as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = optionalString.pipe(z.url().optional());
const modelList = optionalString.transform((v) =>
  v
    ?.split(',')
    .map((m) => m.trim())
    .filter(Boolean),
);
const idList = (pattern: RegExp, what: string) =>
  optionalString.transform((v, ctx) => {
    const ids = v
      ?.split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const bad = ids?.filter((id) => !pattern.test(id)) ?? [];
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `${what}, got "${bad.join('", "')}"` });
      return z.NEVER;
    }
    return ids && ids.length > 0 ? ids : undefined;
  });
const intWithDefault = (fallback: number, min: number) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number of at least ${min}, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

const fractionWithDefault = (fallback: number) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0 || n > 1) {
      ctx.addIssue({ code: 'custom', message: `must be a number from 0 to 1, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

const EnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xox', 'must start with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith('xapp-', 'must start with xapp-').optional()),
  SLACK_API_URL: optionalUrl,
  SLACK_APP_ID: optionalString.pipe(
    z
      .string()
      .regex(/^A[A-Z0-9]+$/, 'must be an app id like A0123ABCD (Basic Information → App ID)')
      .optional(),
  ),
  SLACK_TEAM_IDS: idList(/^[TE][A-Z0-9]+$/, 'must be comma-separated team (T…) or enterprise (E…) ids'),
  PORT: intWithDefault(3000, 0),
  METRICS_PORT: optionalString.pipe(
    z.coerce
      .number<string>({ error: 'must be a port number (0–65535)' })
      .int('must be a port number (0–65535)')
      .min(0, 'must be a port number (0–65535)')
      .max(65_535, 'must be a port number (0–65535)')
      .optional(),
  ),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: modelList,
  OPENAI_API_STYLE: optionalString.pipe(z.enum(['responses', 'chat']).optional()),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl,
  ANTHROPIC_MODEL: modelList,
  REVIEW_MODEL: optionalString.pipe(
    z
      .string()
      .regex(/^(openai|anthropic):\S+$/, 'must be provider:model, e.g. anthropic:claude-…')
      .optional(),
  ),
  MODEL_MAX_RETRIES: intWithDefault(2, 0),
  MODEL_TIMEOUT_MS: intWithDefault(120_000, 1),
  MODEL_IDLE_TIMEOUT_MS: intWithDefault(30_000, 1),
  MODEL_MAX_OUTPUT_TOKENS: intWithDefault(16_000, 256),
  SLACK_MAX_RETRIES: intWithDefault(5, 0),
  SLACK_POST_BURST: intWithDefault(3, 1),
  SLACK_POST_INTERVAL_MS: intWithDefault(1100, 0),
  SLACK_METHOD_BUDGET_SHARE: fractionWithDefault(1),
  GENERATION_LEASE_MS: intWithDefault(60_000, 100),
  REPLY_LIMIT_PER_PERSON: intWithDefault(20, 1),
  REPLY_LIMIT_PER_PLAN: intWithDefault(60, 1),
  DATABASE_URL: optionalString,
  DATABASE_POOL_SIZE: intWithDefault(10, 1),
  POLICY_FILE: optionalString,
  ...EVIDENCE_ENV,
  LOG_LEVEL: optionalString.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ),
});

export interface OpenAIConfig {
  apiKey: string;
  baseURL: string | undefined;
  models: string[];
  apiStyle: 'responses' | 'chat';
}
export interface AnthropicConfig {
  apiKey: string;
  baseURL: string | undefined;
  models: string[];
}

export interface Config {
  slack: {
    botToken: string;
    mode: 'http' | 'socket';
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
    maxRetries: number;
    /** Per-channel pacing of chat.postMessage (Slack: about 1 per second per channel, short bursts). */
    postBurst: number;
    postIntervalMs: number;
    /**
     * The share of each method's per-workspace budget (src/slack/limits.ts) this replica spends:
     * 1 alone, 1/N for N replicas; 0 holds no method back.
     */
    methodBudgetShare: number;
    /** Requests for another app are refused when set. */
    appId: string | undefined;
    /** Teams (T…) or enterprises (E…) whose requests are acted on; unset: the bot token's team (auth.test). */
    teamIds: string[] | undefined;
  };
  port: number;
  /** Where /metrics is served alone; unset: on `port`, next to /healthz and /readyz. */
  metricsPort: number | undefined;
  openai: OpenAIConfig | undefined;
  anthropic: AnthropicConfig | undefined;
  model: { maxRetries: number; timeoutMs: number; idleTimeoutMs: number; maxOutputTokens: number };
  /** Who reviews gating rules ("provider:model"); unset: the other provider's first model, else the same's. */
  reviewModel: string | undefined;
  /** A replica's claim on a plan it is generating; after it lapses another replica resumes the plan. */
  generationLeaseMs: number;
  /** Thread replies taken per hour: from one person on one plan, and on one plan altogether. */
  replyLimits: { perPerson: number; perPlan: number; windowMs: number };
  /** SQLite by default (one process); PostgreSQL for several replicas. */
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize: number };
  policyFile: string | undefined;
  /** Read-only evidence connectors (none configured: every gate is model-written). */
  evidence: EvidenceSettings;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export { modelChoices } from './llm/choices.ts';

/** The process environment, with a local .env file (if any) filled in underneath it. */
export function readEnvironment(): Record<string, string | undefined> {
  dotenv.config({ quiet: true });
  return process.env;
}

/** The only reader of the environment. Throws one ConfigError naming every problem. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError([...problems, ...missingSettings(env)]);
  }
  const e = parsed.data;
  const problems = missingSettings(env);
  const openai = providerConfig('OPENAI', e.OPENAI_API_KEY, e.OPENAI_MODEL, problems);
  const anthropic = providerConfig('ANTHROPIC', e.ANTHROPIC_API_KEY, e.ANTHROPIC_MODEL, problems);
  const reviewProvider = e.REVIEW_MODEL?.split(':')[0];
  if (reviewProvider && !(reviewProvider === 'openai' ? openai : anthropic)) {
    problems.push(
      `REVIEW_MODEL names ${reviewProvider}, which is not configured: set its key and model, or unset it`,
    );
  }
  const database = databaseConfig(e.DATABASE_URL, e.DATABASE_POOL_SIZE, cwd, problems);
  const evidence = evidenceSettings(e, problems);
  if (problems.length > 0 || !e.SLACK_BOT_TOKEN || !database) throw new ConfigError(problems);

  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      maxRetries: e.SLACK_MAX_RETRIES,
      postBurst: e.SLACK_POST_BURST,
      postIntervalMs: e.SLACK_POST_INTERVAL_MS,
      methodBudgetShare: e.SLACK_METHOD_BUDGET_SHARE,
      appId: e.SLACK_APP_ID,
      teamIds: e.SLACK_TEAM_IDS,
    },
    port: e.PORT,
    metricsPort: e.METRICS_PORT,
    openai: openai && { ...openai, baseURL: e.OPENAI_BASE_URL, apiStyle: e.OPENAI_API_STYLE ?? 'responses' },
    anthropic: anthropic && { ...anthropic, baseURL: e.ANTHROPIC_BASE_URL },
    model: {
      maxRetries: e.MODEL_MAX_RETRIES,
      timeoutMs: e.MODEL_TIMEOUT_MS,
      idleTimeoutMs: e.MODEL_IDLE_TIMEOUT_MS,
      maxOutputTokens: e.MODEL_MAX_OUTPUT_TOKENS,
    },
    reviewModel: e.REVIEW_MODEL,
    generationLeaseMs: e.GENERATION_LEASE_MS,
    replyLimits: {
      perPerson: e.REPLY_LIMIT_PER_PERSON,
      perPlan: e.REPLY_LIMIT_PER_PLAN,
      windowMs: 3_600_000,
    },
    database,
    policyFile: e.POLICY_FILE,
    evidence,
    logLevel: e.LOG_LEVEL ?? 'info',
  };
}

function present(env: Record<string, string | undefined>, name: string): boolean {
  return (env[name] ?? '').trim() !== '';
}

/** Settings that are absent altogether, with how to get each. */
function missingSettings(env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (!present(env, 'SLACK_BOT_TOKEN')) problems.push(`SLACK_BOT_TOKEN is missing: ${HOW.SLACK_BOT_TOKEN}`);
  if (!present(env, 'SLACK_SIGNING_SECRET') && !present(env, 'SLACK_APP_TOKEN')) {
    problems.push(
      `SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode) is missing: ${HOW.SLACK_SIGNING_SECRET}; or ${HOW.SLACK_APP_TOKEN}`,
    );
  }
  if (!present(env, 'OPENAI_API_KEY') && !present(env, 'ANTHROPIC_API_KEY')) {
    problems.push(
      `no model provider is configured: set OPENAI_API_KEY and OPENAI_MODEL (${HOW.OPENAI_API_KEY}), or ANTHROPIC_API_KEY and ANTHROPIC_MODEL (${HOW.ANTHROPIC_API_KEY}), or both`,
    );
  }
  return problems;
}

function providerConfig(
  prefix: 'OPENAI' | 'ANTHROPIC',
  apiKey: string | undefined,
  models: string[] | undefined,
  problems: string[],
): { apiKey: string; models: string[] } | undefined {
  const hasModels = (models?.length ?? 0) > 0;
  if (apiKey && !hasModels) {
    problems.push(
      `${prefix}_MODEL is missing: ${prefix}_API_KEY is set, so name the model id(s) to offer, comma-separated`,
    );
  }
  if (!apiKey && hasModels) {
    problems.push(`${prefix}_API_KEY is missing: ${prefix}_MODEL is set, so ${prefix}_API_KEY is needed too`);
  }
  return apiKey && models && hasModels ? { apiKey, models } : undefined;
}

function databaseConfig(
  url: string | undefined,
  poolSize: number,
  cwd: string,
  problems: string[],
): Config['database'] | undefined {
  if (!url) return { kind: 'sqlite', path: path.resolve(cwd, 'data', 'release-planner.db') };
  if (url.startsWith('sqlite:') || url.startsWith('file:')) {
    const file = url.replace(/^(sqlite|file):(\/\/)?/, '');
    return { kind: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url, poolSize };
  problems.push(
    `DATABASE_URL "${url.split(':')[0]}:…" is not supported: leave it unset for the default SQLite file, use sqlite:./data/plans.db, or postgres://user:password@host:5432/dbname for several replicas`,
  );
  return undefined;
}
