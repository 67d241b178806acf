import type {
  ActionsBlock,
  Button,
  ContextBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import { escapeHtml, type MrkdwnContext, mrkdwnToHtml, plainToHtml } from './mrkdwn-html.ts';

/**
 * Block Kit → HTML for the blocks our builders produce (header, section, context, divider,
 * actions). Anything else shows as a visible placeholder rather than vanishing, so a picture
 * never hides a block the builders started to send.
 */

type TextObject = MrkdwnElement | PlainTextElement;

function textHtml(text: TextObject, ctx: MrkdwnContext): string {
  return text.type === 'mrkdwn' ? mrkdwnToHtml(text.text, ctx) : `<p>${plainToHtml(text.text)}</p>`;
}

function headerHtml(block: HeaderBlock): string {
  return `<div class="b-header">${plainToHtml(block.text.text)}</div>`;
}

function buttonHtml(button: Button): string {
  const style = button.style ? ` btn-${button.style}` : '';
  return `<span class="btn${style}">${plainToHtml(button.text.text)}</span>`;
}

function accessoryHtml(block: SectionBlock): string {
  const accessory = block.accessory;
  if (!accessory) return '';
  if (accessory.type === 'button') return `<div class="b-accessory">${buttonHtml(accessory)}</div>`;
  return `<div class="b-accessory unknown">[${escapeHtml(accessory.type)}]</div>`;
}

function sectionHtml(block: SectionBlock, ctx: MrkdwnContext): string {
  const text = block.text ? `<div class="b-text">${textHtml(block.text, ctx)}</div>` : '';
  const fields = block.fields
    ? `<div class="b-fields">${block.fields.map((f) => `<div class="b-field">${textHtml(f, ctx)}</div>`).join('')}</div>`
    : '';
  return `<div class="b-section"><div class="b-main">${text}${fields}</div>${accessoryHtml(block)}</div>`;
}

function contextHtml(block: ContextBlock, ctx: MrkdwnContext): string {
  const elements = block.elements.map((el) => {
    if (el.type === 'image') return '<span class="ctx-img"></span>';
    return `<span class="ctx-el">${textHtml(el, ctx)}</span>`;
  });
  return `<div class="b-context">${elements.join('')}</div>`;
}

function actionsHtml(block: ActionsBlock): string {
  const elements = block.elements.map((el) =>
    el.type === 'button' ? buttonHtml(el) : `<span class="btn unknown">[${escapeHtml(el.type)}]</span>`,
  );
  return `<div class="b-actions">${elements.join('')}</div>`;
}

export function blockHtml(block: KnownBlock, ctx: MrkdwnContext): string {
  switch (block.type) {
    case 'header':
      return headerHtml(block);
    case 'section':
      return sectionHtml(block, ctx);
    case 'context':
      return contextHtml(block, ctx);
    case 'divider':
      return '<hr class="b-divider">';
    case 'actions':
      return actionsHtml(block);
    default:
      return `<div class="b-unknown">[${escapeHtml(block.type)} block not drawn by the preview]</div>`;
  }
}

export function blocksHtml(blocks: readonly KnownBlock[], ctx: MrkdwnContext): string {
  return `<div class="blocks">${blocks.map((b) => blockHtml(b, ctx)).join('')}</div>`;
}
