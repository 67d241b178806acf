import type { KnownBlock, ModalView } from '@slack/types';
import type { DraftItem } from '../../plan/schema.ts';
import { REVIEW_BLOCK, REVIEW_CALLBACK, REVIEW_FIELD } from '../ids.ts';
import type { RequestChangesMetadata } from '../review-values.ts';
import { escShort } from './kit.ts';
import { contextBlocks, LIMITS, sectionBlocks, splitMrkdwn } from './limits.ts';
import { mrkdwnText, plainText } from './mrkdwn.ts';
import { codeSafe } from './section-render.ts';

/** Enough for a clear reason; the revision prompt gets it too, so it stays bounded. */
export const REASON_MAX_CHARS = 2000;

export interface RequestChangesModalInput {
  /** The item's title as people see it, e.g. "Change Gating Rules" or "Draft: Jira epic update". */
  itemTitle: string;
  metadata: RequestChangesMetadata;
}

/** The small modal behind Request changes: one required reason. */
export function buildRequestChangesModal(input: RequestChangesModalInput): ModalView {
  return {
    type: 'modal',
    callback_id: REVIEW_CALLBACK.requestChanges,
    title: plainText('Request changes', LIMITS.modalTitle),
    submit: plainText('Request changes', LIMITS.modalSubmit),
    close: plainText('Cancel', LIMITS.modalClose),
    private_metadata: JSON.stringify(input.metadata),
    blocks: [
      {
        type: 'section',
        text: mrkdwnText(
          `What should change in *${escShort(input.itemTitle)}*?\nThe item and the plan go on hold (red) until it is revised.`,
          LIMITS.sectionText,
        ),
      },
      {
        type: 'input',
        block_id: REVIEW_FIELD.reason,
        label: plainText('Reason', LIMITS.inputLabel),
        element: {
          type: 'plain_text_input',
          action_id: REVIEW_FIELD.reason,
          multiline: true,
          max_length: REASON_MAX_CHARS,
          placeholder: plainText('e.g. The rollback owner is missing for week 2.', LIMITS.placeholder),
        },
        hint: plainText(
          'Shown on the item and recorded in the audit log. Do not paste secrets.',
          LIMITS.inputHint,
        ),
      },
    ],
  };
}

const FENCE = '```';
/** Room for the header, the fields and the "cut" note. */
const MAX_TEXT_BLOCKS = LIMITS.blocksPerModal - 5;

/** The whole text of a draft in one place, fenced so its owner can copy it cleanly. */
export function buildDraftModal(draft: DraftItem): ModalView {
  const chunks =
    draft.content.trim() === '' ? [] : splitMrkdwn(codeSafe(draft.content), LIMITS.sectionText - 8);
  const shown = chunks.slice(0, MAX_TEXT_BLOCKS);
  const text: KnownBlock[] = shown.map((chunk, i) => ({
    type: 'section',
    block_id: i === 0 ? REVIEW_BLOCK.draftText : `${REVIEW_BLOCK.draftText}_${i}`,
    text: mrkdwnText(`${FENCE}\n${chunk}\n${FENCE}`, LIMITS.sectionText),
  }));
  const cut =
    chunks.length > shown.length
      ? contextBlocks([
          `_The draft is longer than one modal holds; ${chunks.length - shown.length} more parts are in the thread._`,
        ])
      : [];
  return {
    type: 'modal',
    callback_id: REVIEW_CALLBACK.viewDraft,
    title: plainText('Draft', LIMITS.modalTitle),
    close: plainText('Close', LIMITS.modalClose),
    blocks: [
      ...sectionBlocks(
        `*DRAFT · ${escShort(draft.title)}*\nFor ${escShort(draft.approver_role)} to apply by hand in ${escShort(draft.target_system)}. Release Planner writes nothing to any system.`,
      ),
      ...(text.length > 0 ? text : sectionBlocks('_Empty draft._')),
      ...cut,
    ],
  };
}
