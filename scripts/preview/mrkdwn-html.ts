/**
 * Slack mrkdwn → HTML, close enough to how the desktop app draws it for a README picture.
 * Input is mrkdwn as the builders send it (`&amp;`, `&lt;`, `&gt;` already escaped).
 * Code is cut out first so nothing inside it is formatted, the way Slack does it.
 */

export interface MrkdwnContext {
  /** The display name for a user id, shown in the @mention pill. */
  userName: (id: string) => string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const SLACK_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** Slack's three entities back to characters, for display. */
export function unescapeSlack(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (m, name: string) => SLACK_ENTITIES[name] ?? m);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Display text of a piece of Slack text: entities decoded, then made safe for HTML. */
function display(text: string): string {
  return escapeHtml(unescapeSlack(text));
}

/**
 * Cut-out pieces (code, mentions, links) are swapped for private-use placeholders so the
 * bold/italic pass cannot reach into them; they are put back at the end.
 */
class Stash {
  readonly pieces: string[] = [];
  put(html: string): string {
    this.pieces.push(html);
    return `\uE000${this.pieces.length - 1}\uE001`;
  }
  restore(text: string): string {
    return text.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => this.pieces[Number(i)] ?? '');
  }
}

function specialHtml(inner: string, ctx: MrkdwnContext): string {
  const [target = '', label] = inner.split('|', 2);
  if (target.startsWith('@')) {
    const name = label ?? ctx.userName(target.slice(1));
    return `<span class="mention">@${escapeHtml(name)}</span>`;
  }
  if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? target.slice(1))}</span>`;
  if (target.startsWith('!date^')) return escapeHtml(label ?? target);
  if (target.startsWith('!subteam^'))
    return `<span class="mention broadcast">${escapeHtml(label ?? '@team')}</span>`;
  if (target.startsWith('!')) return `<span class="mention broadcast">@${escapeHtml(target.slice(1))}</span>`;
  return `<a class="link" href="#">${display(label ?? target)}</a>`;
}

/** Slack formats `*x*`, `_x_`, `~x~` only at word edges, within one line. */
function emphasis(text: string, mark: string, tag: string): string {
  const m = `\\${mark}`;
  const pattern = new RegExp(`(^|[^\\w${m}])${m}(?=\\S)([^${m}\\n]*?[^\\s${m}])${m}(?![\\w${m}])`, 'g');
  const single = new RegExp(`(^|[^\\w${m}])${m}([^\\s${m}])${m}(?![\\w${m}])`, 'g');
  return text
    .replace(pattern, (_all, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`)
    .replace(single, (_all, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

/** Slack draws emoji larger than the text around them (22px boxes in 15px text). */
const EMOJI = /\p{Extended_Pictographic}\uFE0F?/gu;

export function wrapEmoji(html: string): string {
  return html.replace(EMOJI, (e) => `<span class="emoji">${e}</span>`);
}

function formatInline(text: string, ctx: MrkdwnContext, stash: Stash): string {
  const withCode = text.replace(/`([^`\n]+)`/g, (_m, code: string) =>
    stash.put(`<code>${display(code)}</code>`),
  );
  const withSpecials = withCode.replace(/<([^<>\n]+)>/g, (_m, inner: string) =>
    stash.put(specialHtml(inner, ctx)),
  );
  let html = display(withSpecials);
  html = emphasis(html, '*', 'b');
  html = emphasis(html, '_', 'i');
  html = emphasis(html, '~', 's');
  return wrapEmoji(html);
}

/** Lines starting with `>` (sent as `&gt;`) are a quote in Slack. */
function formatLines(text: string, ctx: MrkdwnContext, stash: Stash): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flush = (): void => {
    if (quote.length > 0) out.push(`</p><blockquote>${quote.join('<br>')}</blockquote><p>`);
    quote = [];
  };
  for (const line of text.split('\n')) {
    const quoted = /^(?:&gt;|>) ?(.*)$/.exec(line);
    if (quoted) {
      quote.push(formatInline(quoted[1] ?? '', ctx, stash));
      continue;
    }
    flush();
    out.push(formatInline(line, ctx, stash));
  }
  flush();
  return out.join('<br>');
}

/** A ``` fence opens and closes a preformatted block; the newline right after the fence is dropped. */
export function mrkdwnToHtml(text: string, ctx: MrkdwnContext): string {
  const stash = new Stash();
  const withPre = text.replace(/```\n?([\s\S]*?)\n?```/g, (_m, code: string) =>
    stash.put(`</p><pre>${display(code)}</pre><p>`),
  );
  const html = `<p>${formatLines(withPre, ctx, stash)}</p>`;
  return stash
    .restore(html)
    .replace(/<p>(<br>)*<\/p>/g, '')
    .replace(/<p>(<br>)+/g, '<p>')
    .replace(/(<br>)+<\/p>/g, '</p>');
}

/** plain_text objects: no formatting, but Slack still shows the entities it was sent as characters. */
export function plainToHtml(text: string): string {
  return escapeHtml(text).replace(/\n/g, '<br>');
}
