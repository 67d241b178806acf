import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { CheckSpec } from './checks.ts';
import { EvidenceHttpError } from './http.ts';
import { errorRecord, type RecordBase } from './records.ts';
import type { EvidenceInput, EvidenceRecord } from './types.ts';

/** One check run: what to ask, for which request, through which (GET-only) fetch, at what time. */
export interface ConnectorRun<S extends CheckSpec = CheckSpec> {
  spec: S;
  input: EvidenceInput;
  fetch: typeof globalThis.fetch;
  now: Date;
}

/** A connector answers every run with a record: an error or a surprise is unknown, never thrown. */
export type Connector<S extends CheckSpec = CheckSpec> = (run: ConnectorRun<S>) => Promise<EvidenceRecord>;

/** An answer that is not what the API documents (status or shape): the check is unknown. */
export class EvidenceAnswerError extends AppError {
  constructor(message: string) {
    super('evidence_answer', message);
  }
}

/** Pages read at most per query; a longer result is counted as "at least" what was read. */
export const MAX_PAGES = 10;

/** GET a JSON document and validate it; any other status is an EvidenceAnswerError. */
export async function getJson<T>(
  fetch: typeof globalThis.fetch,
  url: URL,
  headers: Record<string, string>,
  schema: z.ZodType<T>,
): Promise<T> {
  const res = await fetch(url, { method: 'GET', headers: { accept: 'application/json', ...headers } });
  if (!res.ok) {
    const what = res.status === 429 ? 'rate-limited (429)' : `HTTP ${res.status}`;
    throw new EvidenceAnswerError(`${url.host} answered ${what}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new EvidenceAnswerError(`${url.host} answered something other than JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new EvidenceAnswerError(
      `${url.host} answered in an unexpected shape (${z.prettifyError(parsed.error).split('\n')[0]})`,
    );
  }
  return parsed.data;
}

/** Runs a connector's I/O; whatever goes wrong becomes an unknown (error) record with a safe message. */
export async function answered(
  base: RecordBase,
  work: () => Promise<EvidenceRecord>,
): Promise<EvidenceRecord> {
  try {
    return await work();
  } catch (err) {
    return errorRecord(base, safeMessage(err));
  }
}

function safeMessage(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof EvidenceHttpError ? err.cause : err;
  if (cause instanceof EvidenceHttpError || cause instanceof EvidenceAnswerError) return cause.message;
  if (err instanceof z.ZodError) return 'the answer was not in the documented shape';
  if (err instanceof Error && 'status' in err && typeof err.status === 'number') {
    return err.status === 429 || err.status === 403
      ? `rate-limited or refused (HTTP ${err.status})`
      : `HTTP ${err.status}`;
  }
  return 'the request failed';
}
