import { detectCodeLine, detectLineCommand, type LineCommandKind } from './command-detect.ts';
import { redactSecrets } from './secrets.ts';
import { excerpt, hasInvisibleCharacters, normalizeForDetection } from './text.ts';

export type CommandKind = LineCommandKind | 'script_block';
export type CommandRemoval = { kind: CommandKind; excerpt: string };
export type CommandRemovalResult = { text: string; removals: CommandRemoval[] };

const SCRIPT_LANGUAGES = new Set([
  'sh',
  'bash',
  'shell',
  'zsh',
  'fish',
  'ksh',
  'console',
  'shell-session',
  'shellsession',
  'terminal',
  'powershell',
  'ps',
  'ps1',
  'pwsh',
  'posh',
  'cmd',
  'bat',
  'batch',
  'sql',
  'psql',
  'mysql',
  'plsql',
  'tsql',
  'pgsql',
]);

const FENCE_OPEN = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/;
const SHEBANG = /^\s*#!\//;
/** `$ cmd` always is a prompt; `# cmd` or `> cmd` only when a known command follows (else a comment or quote). */
const DOLLAR_PROMPT = /^\s*\$\s+\S/;
const OTHER_PROMPT = /^\s*(?:#|>|PS [^>]*>)\s+(\S.*)$/;
const LIST_PREFIX = /^\s*(?:(?:[-*•>]|\d+[.)])\s+)*/;

/** Said instead of a role whose own text cannot be shown (it holds a command, a secret, hidden characters). */
export const UNNAMED_ROLE = 'role that owns it';
const MAX_ROLE_CHARS = 60;

/**
 * The role as a note may name it. A role is model-written text too: a note that echoed
 * `kubectl delete ns prod` or a token as the role would post what the guard just removed.
 */
export function speakableRole(role: string): string {
  const oneLine = role.trim();
  const unsafe =
    oneLine === '' ||
    oneLine.length > MAX_ROLE_CHARS ||
    /[\n`<>|]/.test(oneLine) ||
    hasInvisibleCharacters(oneLine) ||
    redactSecrets(oneLine).findings.length > 0 ||
    detectLineCommand(normalizeForDetection(oneLine)) !== null;
  return unsafe ? UNNAMED_ROLE : oneLine;
}

export function removalNote(ownerRole: string): string {
  return `⚠️ execution command removed — hand this step to the ${speakableRole(ownerRole)}`;
}

/** `start`: the index of the unit's first line, to copy kept lines as written rather than normalised. */
type Unit = { lines: string[]; start: number; kind: CommandKind | null };

/** A closing fence uses the same character, at least as many times, and nothing else. */
function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  const char = fence[0] ?? '`';
  return trimmed.length >= fence.length && [...trimmed].every((c) => c === char);
}

function isScriptBlock(language: string, body: readonly string[]): boolean {
  if (SCRIPT_LANGUAGES.has(language.toLowerCase())) return true;
  const firstLine = body.find((l) => l.trim() !== '');
  if (firstLine !== undefined && SHEBANG.test(firstLine)) return true;
  return body.some((l) => {
    if (DOLLAR_PROMPT.test(l)) return true;
    const prompted = OTHER_PROMPT.exec(l)?.[1];
    return prompted !== undefined && detectCodeLine(prompted) !== null;
  });
}

function fencedBlockKind(language: string, body: readonly string[]): CommandKind | null {
  if (isScriptBlock(language, body)) return 'script_block';
  return body.some((l) => detectCodeLine(l) !== null) ? 'script_block' : null;
}

/** Splits text into fenced code blocks, shebang scripts (up to a blank line) and single lines. */
function splitUnits(lines: readonly string[]): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = FENCE_OPEN.exec(line);
    const marker = fence?.[1] ?? '';
    // "```kubectl delete ns x```" on one line is inline code, handled with the line.
    if (fence && !line.trim().slice(marker.length).includes(marker)) {
      let end = i + 1;
      while (end < lines.length && !closesFence(lines[end] ?? '', marker)) end++;
      const block = lines.slice(i, Math.min(end + 1, lines.length));
      units.push({ lines: block, start: i, kind: fencedBlockKind(fence[2] ?? '', lines.slice(i + 1, end)) });
      i = end + 1;
    } else if (SHEBANG.test(line)) {
      let end = i + 1;
      while (end < lines.length && (lines[end] ?? '').trim() !== '') end++;
      units.push({ lines: lines.slice(i, end), start: i, kind: 'script_block' });
      i = end;
    } else {
      units.push({ lines: [line], start: i, kind: detectLineCommand(line) });
      i++;
    }
  }
  return units;
}

function removalExcerpt(unit: Unit): string {
  const body = unit.lines.filter((l) => !FENCE_OPEN.test(l) || unit.lines.length === 1);
  const text = body.find((l) => l.trim() !== '') ?? unit.lines.join(' ');
  return excerpt(redactSecrets(text).text, 80);
}

/**
 * Removes shell/CLI invocations, SQL statements, script blocks and "run this" instructions from
 * model output, replacing each run of removed lines with one visible note naming the role that
 * should carry the step out. Prose that merely names a tool is left alone.
 */
export function removeExecutionCommands(text: string, ownerRole: string): CommandRemovalResult {
  const written = text.split('\n');
  const units = splitUnits(written.map(normalizeForDetection));
  const removals: CommandRemoval[] = [];
  const out: string[] = [];
  let previousRemoved = false;
  for (const unit of units) {
    if (unit.kind === null) {
      out.push(...written.slice(unit.start, unit.start + unit.lines.length));
      previousRemoved = false;
      continue;
    }
    removals.push({ kind: unit.kind, excerpt: removalExcerpt(unit) });
    if (!previousRemoved)
      out.push(`${LIST_PREFIX.exec(unit.lines[0] ?? '')?.[0] ?? ''}${removalNote(ownerRole)}`);
    previousRemoved = true;
  }
  return { text: removals.length === 0 ? text : out.join('\n'), removals };
}
