import type { KnownBlock, ModalView } from '@slack/types';
import { blockChars, LIMITS } from '../../../src/slack/blocks/limits.ts';

/**
 * Validators for the Block Kit limit table: Slack publishes no JSON Schema, so tests (including
 * property tests over hostile input) run every built message and modal through these. Each returns
 * every violation as "path: problem"; an empty list means the payload is within limits.
 */

type Loose = Record<string, unknown>;

function asObject(value: unknown): Loose | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Loose) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

class Violations {
  readonly list: string[] = [];
  add(path: string, problem: string): void {
    this.list.push(`${path}: ${problem}`);
  }
  max(path: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) this.add(path, `${value.length} chars > ${max}`);
  }
}

function checkWellFormed(value: unknown, path: string, v: Violations): void {
  if (typeof value === 'string') {
    if (!value.isWellFormed()) v.add(path, 'lone surrogate (a cut emoji)');
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) checkWellFormed(item, `${path}[${i}]`, v);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkWellFormed(item, `${path}.${key}`, v);
  }
}

function checkTextObject(value: unknown, path: string, max: number, v: Violations, plainOnly = false): void {
  const text = asObject(value);
  if (!text) {
    v.add(path, 'missing text object');
    return;
  }
  if (text.type !== 'plain_text' && (plainOnly || text.type !== 'mrkdwn'))
    v.add(path, `bad type ${String(text.type)}`);
  if (typeof text.text !== 'string' || text.text.trim() === '') v.add(path, 'empty text');
  else v.max(`${path}.text`, text.text, max);
}

function checkOptions(options: unknown[], path: string, max: number, v: Violations): Set<string> {
  if (options.length === 0) v.add(path, 'no options');
  if (options.length > max) v.add(path, `${options.length} options > ${max}`);
  const values = new Set<string>();
  options.forEach((raw, i) => {
    const option = asObject(raw) ?? {};
    checkTextObject(option.text, `${path}[${i}].text`, LIMITS.optionText, v);
    v.max(`${path}[${i}].value`, option.value, LIMITS.optionValue);
    if (option.description !== undefined) {
      checkTextObject(option.description, `${path}[${i}].description`, LIMITS.optionDescription, v, true);
    }
    if (typeof option.value === 'string') values.add(option.value);
  });
  return values;
}

function checkInitialOptions(initial: unknown[], values: Set<string>, path: string, v: Violations): void {
  for (const option of initial) {
    const value = asObject(option)?.value;
    if (typeof value !== 'string' || !values.has(value))
      v.add(path, `initial option ${String(value)} is not offered`);
  }
}

function checkElement(value: unknown, path: string, v: Violations): void {
  const el = asObject(value) ?? {};
  v.max(`${path}.action_id`, el.action_id, LIMITS.actionId);
  if (el.placeholder !== undefined)
    checkTextObject(el.placeholder, `${path}.placeholder`, LIMITS.placeholder, v, true);
  switch (el.type) {
    case 'button':
      checkTextObject(el.text, `${path}.text`, LIMITS.buttonText, v, true);
      v.max(`${path}.value`, el.value, LIMITS.buttonValue);
      v.max(`${path}.url`, el.url, LIMITS.buttonUrl);
      return;
    case 'static_select': {
      const values = checkOptions(asArray(el.options), `${path}.options`, LIMITS.staticSelectOptions, v);
      if (el.initial_option !== undefined)
        checkInitialOptions([el.initial_option], values, `${path}.initial_option`, v);
      return;
    }
    case 'checkboxes': {
      const values = checkOptions(asArray(el.options), `${path}.options`, 10, v);
      if (Array.isArray(el.initial_options) && el.initial_options.length === 0)
        v.add(path, 'empty initial_options');
      checkInitialOptions(asArray(el.initial_options), values, `${path}.initial_options`, v);
      return;
    }
    case 'plain_text_input': {
      const maxLength = typeof el.max_length === 'number' ? el.max_length : LIMITS.plainTextInputMaxLength;
      if (maxLength > LIMITS.plainTextInputMaxLength) v.add(`${path}.max_length`, `${maxLength} > 3000`);
      v.max(`${path}.initial_value`, el.initial_value, maxLength);
      return;
    }
    case 'datetimepicker': {
      // Slack: seconds since the epoch, "in the format of 10 digits"; the element takes no placeholder.
      const initial = el.initial_date_time;
      if (initial !== undefined && !(Number.isInteger(initial) && String(initial).length === 10)) {
        v.add(`${path}.initial_date_time`, `${String(initial)} is not 10-digit unix seconds`);
      }
      if (el.placeholder !== undefined) v.add(`${path}.placeholder`, 'a datetimepicker has no placeholder');
      return;
    }
    default:
      v.add(path, `element type ${String(el.type)} is not checked`);
  }
}

function checkBlock(value: unknown, path: string, v: Violations): void {
  const block = asObject(value) ?? {};
  v.max(`${path}.block_id`, block.block_id, LIMITS.blockId);
  switch (block.type) {
    case 'header':
      checkTextObject(block.text, `${path}.text`, LIMITS.headerText, v, true);
      return;
    case 'section': {
      const fields = asArray(block.fields);
      if (block.text === undefined && fields.length === 0) v.add(path, 'section without text or fields');
      if (block.text !== undefined) checkTextObject(block.text, `${path}.text`, LIMITS.sectionText, v);
      if (fields.length > LIMITS.sectionFields) v.add(`${path}.fields`, `${fields.length} fields > 10`);
      for (const [i, f] of fields.entries()) checkTextObject(f, `${path}.fields[${i}]`, LIMITS.fieldText, v);
      if (block.accessory !== undefined) checkElement(block.accessory, `${path}.accessory`, v);
      return;
    }
    case 'context': {
      const elements = asArray(block.elements);
      if (elements.length === 0 || elements.length > LIMITS.contextElements) {
        v.add(`${path}.elements`, `${elements.length} elements (1..10)`);
      }
      for (const [i, e] of elements.entries())
        checkTextObject(e, `${path}.elements[${i}]`, LIMITS.textObject, v);
      return;
    }
    case 'actions': {
      const elements = asArray(block.elements);
      if (elements.length === 0 || elements.length > LIMITS.actionsElements) {
        v.add(`${path}.elements`, `${elements.length} elements (1..25)`);
      }
      for (const [i, e] of elements.entries()) checkElement(e, `${path}.elements[${i}]`, v);
      return;
    }
    case 'input':
      checkTextObject(block.label, `${path}.label`, LIMITS.inputLabel, v, true);
      if (block.hint !== undefined) checkTextObject(block.hint, `${path}.hint`, LIMITS.inputHint, v, true);
      checkElement(block.element, `${path}.element`, v);
      return;
    case 'divider':
      return;
    default:
      v.add(path, `block type ${String(block.type)} is not checked`);
  }
}

function checkBlocks(blocks: unknown[], maxBlocks: number, v: Violations): void {
  if (blocks.length > maxBlocks) v.add('blocks', `${blocks.length} blocks > ${maxBlocks}`);
  const ids = new Set<string>();
  blocks.forEach((block, i) => {
    const id = asObject(block)?.block_id;
    if (typeof id === 'string') {
      if (ids.has(id)) v.add(`blocks[${i}].block_id`, `duplicate ${id}`);
      ids.add(id);
    }
    checkBlock(block, `blocks[${i}]`, v);
  });
  checkWellFormed(blocks, 'blocks', v);
}

export interface CheckOptions {
  /** Defaults to Slack's 50; builders' own output should also pass with 45 (room for controls). */
  maxBlocks?: number;
  /** Defaults to a safe ceiling under the ~13.2k where Slack answers msg_blocks_too_long. */
  maxChars?: number;
}

/** Every limit violation of a message (`text` fallback + `blocks`). */
export function checkMessage(
  message: { text?: unknown; blocks?: KnownBlock[] },
  options: CheckOptions = {},
): string[] {
  const v = new Violations();
  const blocks = asArray(message.blocks);
  if (typeof message.text !== 'string' || message.text.trim() === '') v.add('text', 'missing fallback text');
  else if (!message.text.isWellFormed()) v.add('text', 'lone surrogate (a cut emoji)');
  v.max('text', message.text, LIMITS.messageText);
  checkBlocks(blocks, options.maxBlocks ?? LIMITS.blocksPerMessage, v);
  const chars = blockChars(blocks);
  const maxChars = options.maxChars ?? LIMITS.messageBlockChars;
  if (chars > maxChars) v.add('blocks', `${chars} chars > ${maxChars} (msg_blocks_too_long)`);
  return v.list;
}

/** Every limit violation of a modal view. */
export function checkModal(view: ModalView): string[] {
  const v = new Violations();
  if (view.type !== 'modal') v.add('type', 'not a modal');
  checkTextObject(view.title, 'title', LIMITS.modalTitle, v, true);
  if (view.submit) checkTextObject(view.submit, 'submit', LIMITS.modalSubmit, v, true);
  if (view.close) checkTextObject(view.close, 'close', LIMITS.modalClose, v, true);
  v.max('callback_id', view.callback_id, LIMITS.callbackId);
  v.max('private_metadata', view.private_metadata, LIMITS.privateMetadata);
  checkBlocks(view.blocks, LIMITS.blocksPerModal, v);
  return v.list;
}
