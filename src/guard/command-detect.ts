import { ALWAYS_SHELL } from './always-shell.ts';
import { CLI_TOOLS, type CliTool } from './cli-tools.ts';
import { RESOURCE_WORDS } from './resource-words.ts';

/**
 * Recognises execution commands in one line of text or in the content of a code span/block.
 * The rule targets invocations, not vocabulary: "Terraform plan output reviewed by the SRE lead"
 * and "kubectl access is read-only" are prose; `kubectl rollout undo deploy/x` is a command.
 */
export type LineCommandKind = 'shell' | 'sql' | 'run_instruction';

const CMDLET =
  /^(?:Remove|Stop|Start|Restart|Set|New|Invoke|Update|Install|Uninstall|Clear|Disable|Enable)-[A-Z][A-Za-z]+$/;

const SQL_IDENT = String.raw`[\w."\x60\[\]]+`;
const SQL_CODE_IDENT = String.raw`[\w"\x60\[\]]*[_.][\w."\x60\[\]]*`;
const SQL_END = String.raw`\s*(?:;|$)`;
/** SQL statements. Matched case-sensitively in prose (uppercase keywords), case-insensitively in code. */
const SQL_SOURCES: readonly string[] = [
  String.raw`\bDROP\s+(?:TABLE|DATABASE|SCHEMA|INDEX|VIEW|USER|ROLE|COLUMN|TRIGGER|FUNCTION|PROCEDURE|SEQUENCE)\s+(?:IF\s+EXISTS\s+)?(?:${SQL_CODE_IDENT}|${SQL_IDENT}(?:${SQL_END}|\s+(?:CASCADE|RESTRICT)\b|\s*,))`,
  String.raw`\bDELETE\s+FROM\s+${SQL_IDENT}(?:\s+WHERE\b|${SQL_END})`,
  String.raw`\bTRUNCATE\s+(?:TABLE\s+)?(?:${SQL_CODE_IDENT}|${SQL_IDENT}(?:${SQL_END}|\s+(?:CASCADE|RESTART|CONTINUE)\b))`,
  String.raw`\bALTER\s+(?:TABLE|DATABASE|USER|ROLE|SCHEMA|INDEX|SEQUENCE|VIEW)\s+(?:IF\s+EXISTS\s+)?${SQL_IDENT}\s+(?:ADD|DROP|ALTER|RENAME|MODIFY|SET|OWNER|RESET|ENABLE|DISABLE|VALIDATE|ATTACH|DETACH)\b`,
  String.raw`\bUPDATE\s+${SQL_IDENT}\s+SET\s+[\w."\x60]+\s*=`,
  String.raw`\bINSERT\s+INTO\s+${SQL_IDENT}\s*(?:\(|VALUES\b|SELECT\b|DEFAULT\b)`,
  String.raw`\bGRANT\s+[\w, ]+?\s+(?:ON\s+[^;\n]*?\bTO\b|TO\s+[\w"\x60]+)`,
  String.raw`\bREVOKE\s+[\w, ]+?\s+(?:ON\s+[^;\n]*?\bFROM\b|FROM\s+[\w"\x60]+)`,
  String.raw`\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:UNIQUE\s+)?(?:TABLE|DATABASE|USER|ROLE|SCHEMA|INDEX|VIEW|FUNCTION|TRIGGER|PROCEDURE|EXTENSION|SEQUENCE)\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?${SQL_IDENT}\s*(?:\(|;|$|\s+(?:ON|AS|WITH|FROM)\b)`,
  String.raw`\bMERGE\s+INTO\s+${SQL_IDENT}\s+(?:USING|AS)\b`,
];
const SQL_PROSE = SQL_SOURCES.map((source) => new RegExp(source, 'm'));
const SQL_CODE = SQL_SOURCES.map((source) => new RegExp(source, 'im'));

const RUN_INSTRUCTIONS: readonly RegExp[] = [
  /\b(?:run|execute)\s+(?:the\s+following|this|these|the\s+below|below)(?:\s+(?:commands?|scripts?|snippets?|one-liners?|quer(?:y|ies)|sql|statements?|lines?))?\s*(?:[:–—]|$)/im,
  /\b(?:run|execute)\s+(?:this|these|the\s+following)\s+(?:commands?|scripts?|snippets?|one-liners?)\b/i,
  /\b(?:run|execute)\s*:\s*(?:$|`)/im,
  /\b(?:paste|type|enter)\b[^.\n]{0,40}\b(?:into|in)\s+(?:your|a|the)\s+(?:terminal|shell|command\s+line|command\s+prompt|cli)\b/i,
  /\b(?:in|from|open)\s+(?:a|your|the)\s+(?:terminal|shell)\b/i,
];

const NEGATIONS = new Set([
  'never',
  'not',
  'no',
  "don't",
  'dont',
  "mustn't",
  'cannot',
  "can't",
  'avoid',
  'avoiding',
  'forbid',
  'forbidden',
  'prohibit',
  'prohibited',
  'disallow',
  'without',
  'instead',
  'rather',
  'nor',
  'ban',
  'banned',
  'blocked',
]);
const NEGATED_AFTER =
  /^[^.;:!?]*?\b(?:(?:is|are)\s+(?:not\s+(?:allowed|permitted)|prohibited|forbidden|blocked|banned|disallowed)|not\s+allowed|must\s+not)\b/i;

/** "Never run `terraform destroy`" and "`kubectl apply` is prohibited" are rules, not commands. */
export function isNegated(before: string, after: string): boolean {
  const clause = before.split(/[.,;:!?—]/).pop() ?? '';
  const words = clause.toLowerCase().match(/[a-z']+/g) ?? [];
  return words.slice(-4).some((w) => NEGATIONS.has(w)) || NEGATED_AFTER.test(after);
}

const TRAILING_PUNCT = /[.,;:!?)]+$/;
const SENTENCE_END = /[.,;:!?]$/;

/** A token that only shows up in command lines: a flag, a path, key=value, a URL, a glob, a variable. */
function isCliSyntax(token: string): boolean {
  const t = token.replace(TRAILING_PUNCT, '');
  return (
    /^--?[A-Za-z]/.test(t) ||
    /[/=@*$<>{}\\]/.test(t) ||
    /^[a-z][\w-]*:\S/.test(t) ||
    /^["']/.test(t) ||
    /^[\w-]+\.(?:ya?ml|json|tf|tfvars|sh|sql|py|js|ts|conf|cfg|ini|txt|env)$/i.test(t)
  );
}

/** Tokens that are arguments only right after the command: a number, a resource, a generated name. */
function isNearArgument(token: string): boolean {
  const t = token.replace(TRAILING_PUNCT, '');
  return /^\d+$/.test(t) || RESOURCE_WORDS.has(t) || /^[a-z]+-[a-z0-9-]*\d[a-z0-9-]*$/.test(t);
}

/**
 * Whether what follows a tool (and its subcommand) reads as arguments rather than a sentence.
 * Tools without subcommands take their arguments at once (`rm -rf`, `psql -c`), so only the next
 * two words count for them; after a subcommand, flags may come a little later.
 */
function hasArguments(rest: readonly string[], tool: CliTool, atLineStart: boolean): boolean {
  const window: string[] = [];
  for (const token of rest.slice(0, tool.subcommands ? 4 : 2)) {
    window.push(token);
    if (SENTENCE_END.test(token)) break;
  }
  if (tool.weak) return window.some((t) => /^--?[A-Za-z]/.test(t));
  if (window.some(isCliSyntax) || window.slice(0, 2).some(isNearArgument)) return true;
  // A line that is nothing but "helm upgrade payments" is a command, not a sentence.
  return atLineStart && rest.length <= 2 && !rest.some((t) => SENTENCE_END.test(t));
}

function baseName(token: string): string {
  return token.slice(token.lastIndexOf('/') + 1);
}

const COMMAND_PREFIX =
  /^(?:\$|#|>|PS [^>]*>)?\s*(?:(?:[A-Z_][A-Z0-9_]*=\S*|sudo(?:\s+-\S+)*|time|nohup|env|exec|command)\s+)*/;

/** Strips what may precede a command: a prompt, env assignments, sudo and friends. */
function stripCommandPrefix(text: string): string {
  return text.trim().replace(COMMAND_PREFIX, '');
}

/** One simple command (no pipes or chains) in a code context. */
function isCodeInvocation(command: string): boolean {
  const tokens = stripCommandPrefix(command).split(/\s+/).filter(Boolean);
  const [first, second] = tokens;
  if (first === undefined) return false;
  if (CMDLET.test(first)) return true;
  if (/^(?:\.{1,2}[/\\]|~\/)[\w./\\-]+$/.test(first)) return true;
  const tool = CLI_TOOLS.get(baseName(first));
  if (!tool) return command.trim().startsWith('sudo ');
  if (second === undefined) return false;
  // `node 20` or `python 3.12` in backticks name a runtime; `node server.js` runs something.
  if (tool.weak && !tool.subcommands) return /^-|[/\\]|\.[a-z]\w{0,3}$/i.test(second);
  if (!tool.subcommands || second.startsWith('-')) return true;
  if (!tool.subcommands.includes(second)) return false;
  return (tool.mutating ?? []).includes(second) || tokens.length > 2;
}

/** Content of inline code or a code block line: every piece of a chain is at command position. */
export function isCodeCommand(code: string): boolean {
  if (ALWAYS_SHELL.some((re) => re.test(code))) return true;
  return code.split(/&&|\|\||;|\|/).some(isCodeInvocation);
}

export function isCodeSql(code: string): boolean {
  return SQL_CODE.some((re) => re.test(code));
}

const TOOL_NAMES = [...CLI_TOOLS.keys()].sort((a, b) => b.length - a.length);
const TOOL_IN_PROSE = new RegExp(
  String.raw`(?<![\w./-])(${TOOL_NAMES.map((n) => n.replace(/[-.]/g, '\\$&')).join('|')})(?=\s|$)`,
  'g',
);
const LINE_START = /^\s*(?:(?:[-*•>]|\d+[.)])\s+)*(?:\$\s+)?(?:(?:sudo|[A-Z_][A-Z0-9_]*=\S*)\s+)*$/;

const LOOKAHEAD_CHARS = 200;
const AFTER_SUDO = /(?<![\w-])sudo(?:\s+-[A-Za-z]+(?:\s+[\w-]+)?)*\s+$/;

function proseInvocationAt(line: string, index: number, name: string): boolean {
  const tool = CLI_TOOLS.get(name);
  if (!tool) return false;
  const before = line.slice(0, index);
  // Only the next few words matter; looking further would make long lines quadratic.
  const tokens = line
    .slice(index + name.length, index + name.length + LOOKAHEAD_CHARS)
    .split(/\s+/)
    .filter(Boolean);
  const atLineStart = LINE_START.test(before);
  // `sudo` makes whatever follows a command line, mid-sentence or not.
  const afterSudo = AFTER_SUDO.test(before);
  let rest = tokens;
  if (tool.subcommands) {
    const sub = tokens[0];
    if (sub === undefined || !tool.subcommands.includes(sub)) return false;
    rest = tokens.slice(1);
  } else if (tokens.length === 0) {
    return false;
  }
  return afterSudo || hasArguments(rest, tool, atLineStart);
}

type Hit = { index: number; length: number };

/** Every place in the line where a command may start; the caller skips the negated ones. */
function* proseShellHits(line: string): Generator<Hit> {
  for (const re of ALWAYS_SHELL) {
    const m = re.exec(line);
    if (m) yield { index: m.index, length: m[0].length };
  }
  for (const m of line.matchAll(TOOL_IN_PROSE)) {
    const name = m[1] ?? '';
    if (proseInvocationAt(line, m.index, name)) yield { index: m.index, length: name.length };
  }
}

function* proseSqlHits(line: string): Generator<Hit> {
  for (const re of SQL_PROSE) {
    const m = re.exec(line);
    if (m) yield { index: m.index, length: m[0].length };
  }
}

function firstUnnegated(line: string, hits: Iterable<Hit>): boolean {
  for (const hit of hits) {
    if (!isNegated(line.slice(0, hit.index), line.slice(hit.index + hit.length))) return true;
  }
  return false;
}

const INLINE_CODE = /(`+)([^`]+?)\1/g;
const PROMPT_LINE = /^\s*(?:(?:[-*•>]|\d+[.)])\s+)*\$\s+(?=[a-z./~])/;

function inlineCommand(line: string): LineCommandKind | null {
  for (const m of line.matchAll(INLINE_CODE)) {
    const code = m[2] ?? '';
    const kind = isCodeSql(code) ? 'sql' : isCodeCommand(code) ? 'shell' : null;
    if (kind && !isNegated(line.slice(0, m.index), line.slice(m.index + m[0].length))) return kind;
  }
  return null;
}

function proseCommand(line: string): LineCommandKind | null {
  const prose = line.replace(INLINE_CODE, (span) => ' '.repeat(span.length));
  if (firstUnnegated(prose, proseShellHits(prose))) return 'shell';
  if (firstUnnegated(prose, proseSqlHits(prose))) return 'sql';
  return null;
}

/** After a `$ ` prompt: a known command, or a bare word on its own or before a flag (`$ ls -la`). */
function isPromptedCommand(command: string): boolean {
  const first = command.split(/\s+/)[0] ?? '';
  return isCodeCommand(command) || CLI_TOOLS.has(first) || /^[a-z][\w.-]*(?:$|\s+-)/.test(command);
}

/** Classifies one line outside code blocks; null when it is ordinary prose. */
export function detectLineCommand(line: string): LineCommandKind | null {
  if (PROMPT_LINE.test(line)) {
    const command = line.replace(PROMPT_LINE, '');
    if (isCodeSql(command)) return 'sql';
    if (isPromptedCommand(command)) return 'shell';
  }
  const found = inlineCommand(line) ?? proseCommand(line);
  if (found) return found;
  return RUN_INSTRUCTIONS.some((re) => re.test(line)) ? 'run_instruction' : null;
}

/** A YAML list dash or a `run:`/`command:` key in front of a command inside a config block. */
const CONFIG_PREFIX = /^\s*(?:-\s+)?(?:[\w-]+:\s+)?/;

/** Classifies one line inside a code block (every line is at command position). */
export function detectCodeLine(line: string): LineCommandKind | null {
  const command = line.replace(CONFIG_PREFIX, '');
  if (isCodeSql(line)) return 'sql';
  return isCodeCommand(line) || isCodeCommand(command) ? 'shell' : null;
}
