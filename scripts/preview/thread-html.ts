import type { KnownBlock } from '@slack/types';
import { blocksHtml } from './blocks-html.ts';
import { escapeHtml, type MrkdwnContext } from './mrkdwn-html.ts';
import { THREAD_CSS } from './thread-css.ts';

/** One message as Slack's desktop app shows it in the thread pane. */
export interface PreviewMessage {
  blocks: KnownBlock[];
  time: string;
}

export interface ThreadView {
  channel: string;
  appName: string;
  root: PreviewMessage;
  replies: PreviewMessage[];
  /** All replies in the thread; more than `replies.length` when the picture shows only the start. */
  replyCount: number;
  /** When the picture stops early: the start of the next reply, drawn under a fade. */
  peek?: PreviewMessage | undefined;
  ctx: MrkdwnContext;
}

/** The app's avatar: a checklist on a rounded square, drawn inline so the page needs no files. */
const AVATAR = `<svg viewBox="0 0 36 36" width="36" height="36" aria-hidden="true">
<rect width="36" height="36" rx="6" fill="#1d6f5f"/>
<rect x="9" y="8" width="18" height="21" rx="2.5" fill="#fff"/>
<rect x="14" y="6" width="8" height="4" rx="1.5" fill="#c9e7df"/>
<path d="M12 15.5l1.8 1.8 3-3.3M12 22l1.8 1.8 3-3.3" stroke="#1d6f5f" stroke-width="1.8" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
<path d="M19 16h5M19 22.5h5" stroke="#8fb9ae" stroke-width="1.8" stroke-linecap="round"/>
</svg>`;

function messageHtml(message: PreviewMessage, view: ThreadView): string {
  return `<div class="msg">
  <div class="avatar">${AVATAR}</div>
  <div class="msg-body">
    <div class="msg-head"><span class="sender">${escapeHtml(view.appName)}</span><span class="app-badge">APP</span><span class="time">${escapeHtml(message.time)}</span></div>
    ${blocksHtml(message.blocks, view.ctx)}
  </div>
</div>`;
}

function paneHeader(view: ThreadView): string {
  return `<div class="pane-head"><span class="pane-title">Thread</span><span class="pane-channel"># ${escapeHtml(view.channel)}</span><span class="pane-close">✕</span></div>`;
}

function replyCountHtml(count: number): string {
  return `<div class="reply-count"><span>${count} ${count === 1 ? 'reply' : 'replies'}</span></div>`;
}

function composerHtml(view: ThreadView): string {
  return `<div class="composer"><div class="composer-box">Reply…</div><label class="composer-also"><span class="checkbox"></span>Also send to # ${escapeHtml(view.channel)}</label></div>`;
}

/** A whole page: the thread pane with the root message, the reply count and the replies. */
export function threadPageHtml(view: ThreadView): string {
  const tail = view.peek
    ? `<div class="peek">${messageHtml(view.peek, view)}<div class="fade"></div></div>`
    : composerHtml(view);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Release Planner thread preview</title>
<style>${THREAD_CSS}</style></head>
<body><div class="pane" id="pane">
${paneHeader(view)}
<div class="pane-scroll">
${messageHtml(view.root, view)}
${replyCountHtml(view.replyCount)}
${view.replies.map((m) => messageHtml(m, view)).join('\n')}
${tail}
</div>
</div>
<script>document.documentElement.dataset.height = String(Math.ceil(document.getElementById('pane').getBoundingClientRect().bottom));</script>
</body></html>`;
}
