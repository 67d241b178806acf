import type { ModalView } from '@slack/types';

/**
 * A view built once and sent many times (the request form of every `/release-plan` with no text):
 * frozen, so no caller can change what the next one sends, and its blocks kept as UTF-8 JSON, so a
 * views.open body sends those bytes again instead of serialising and encoding 10 KB (issue 14).
 */
const blocksBytes = new WeakMap<object, Buffer>();

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

export function reusableView(view: ModalView): Readonly<ModalView> {
  const frozen = deepFreeze(view);
  blocksBytes.set(frozen.blocks, Buffer.from(JSON.stringify(frozen.blocks), 'utf8'));
  return frozen;
}

/** A reusable view's blocks as UTF-8 JSON, or undefined for blocks built for one call. */
export function reusedBlocksBytes(blocks: unknown): Buffer | undefined {
  return typeof blocks === 'object' && blocks !== null ? blocksBytes.get(blocks) : undefined;
}

/**
 * The UTF-8 JSON body of a call that carries a `view`, in pieces to send one after the other: a
 * reusable view's blocks are sent from their kept bytes. Keys may come in another order than
 * `JSON.stringify(args)`; the JSON says the same.
 */
export function viewCallBody(args: { view: object }): Buffer[] {
  const blocks = reusedBlocksBytes((args.view as { blocks?: unknown }).blocks);
  if (blocks === undefined) return [Buffer.from(JSON.stringify(args), 'utf8')];
  const view = JSON.stringify({ ...args.view, blocks: undefined });
  const rest = JSON.stringify({ ...args, view: undefined });
  return [Buffer.from('{"view":{"blocks":'), blocks, Buffer.from(`${tail(view)}${tail(rest)}`, 'utf8')];
}

/** `{"a":1}` → `,"a":1}`; `{}` → `}`. */
function tail(objectJson: string): string {
  return objectJson === '{}' ? '}' : `,${objectJson.slice(1)}`;
}
