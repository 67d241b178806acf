import { JSONParser } from '@streamparser/json';
import type { z } from 'zod';
import type { Usage } from '../plan/model.ts';
import { ModelError } from './port.ts';

export interface TopLevelDetector {
  write(chunk: string): void;
  end(): void;
  /** Parse errors seen while streaming. Detection stops at the first; the final parse is the authority. */
  readonly parseErrors: readonly Error[];
}

/**
 * Reports each completed top-level property of a streamed JSON object, in stream order, as soon as
 * its value is complete — so a section can be posted before the model has written the next one.
 * Parse errors never throw out of write(): a truncated or invalid stream is judged by the final parse.
 * An error thrown by `onValue` does throw out of write(), after the parser has consumed the chunk.
 */
export function createTopLevelDetector(onValue: (key: string, value: unknown) => void): TopLevelDetector {
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  const parseErrors: Error[] = [];
  let callbackFailure: { error: unknown } | undefined;

  // The tokenizer turns exceptions from onValue into parse errors, so they are caught here and
  // rethrown from write(), where they belong to the caller.
  parser.onValue = ({ key, value }) => {
    if (typeof key !== 'string' || callbackFailure) return;
    try {
      onValue(key, value);
    } catch (error) {
      callbackFailure = { error };
    }
  };
  parser.onError = (error) => {
    parseErrors.push(error);
  };

  const stopped = () => parseErrors.length > 0 || callbackFailure !== undefined;
  return {
    write(chunk) {
      if (stopped()) return;
      parser.write(chunk);
      if (callbackFailure) throw callbackFailure.error;
    },
    end() {
      // The parser ends itself after the root value; ending it twice would record a bogus error.
      if (!stopped() && !parser.isEnded) parser.end();
    },
    parseErrors,
  };
}

export interface SectionRelay {
  write(chunk: string): void;
  /** Waits for every callback started so far; returns the first callback failure, if any. */
  settle(): Promise<{ error: unknown } | undefined>;
}

/**
 * Feeds streamed text to a detector and calls `onTopLevelValue` for each completed property, one
 * call at a time and in stream order (an async callback finishes before the next starts), so the
 * caller's side effects — posting sections — happen in order. The first callback failure stops
 * further calls and is reported once through `onFailure` (adapters abort the stream with it).
 */
export function createSectionRelay(
  onTopLevelValue: ((key: string, value: unknown) => void | Promise<void>) | undefined,
  onFailure: (error: unknown) => void,
): SectionRelay {
  let chain: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    if (failure) return;
    failure = { error };
    onFailure(error);
  };
  const detector =
    onTopLevelValue &&
    createTopLevelDetector((key, value) => {
      chain = chain.then(() => (failure ? undefined : onTopLevelValue(key, value))).catch(fail);
    });
  return {
    write(chunk) {
      detector?.write(chunk);
    },
    async settle() {
      detector?.end();
      await chain;
      return failure;
    },
  };
}

/** The final authority on a structured value: the schema (the SDKs' own parsing is not used). */
function validateOutput<S extends z.ZodObject>(schema: S, value: unknown, usage?: Usage): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw schemaMismatch(result.error, usage);
}

function schemaMismatch(error: z.ZodError, usage?: Usage): ModelError {
  const issues = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return new ModelError('invalid_output', `The model's output does not match the schema: ${issues}`, {
    cause: error,
    usage,
  });
}

/** Parses the model's raw JSON text, then validates it. */
export function parseOutputText<S extends z.ZodObject>(schema: S, text: string, usage?: Usage): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelError('invalid_output', `The model's output is not valid JSON (${text.length} chars)`, {
      cause: error,
      usage,
    });
  }
  return validateOutput(schema, value, usage);
}
