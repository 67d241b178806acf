import { canonicalJson, sha256Hex } from '../lib/canonical-json.ts';

/** What approvals are tied to: equal content, equal hash, whatever the key order. */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
