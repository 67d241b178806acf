/** Commands dangerous enough to remove wherever they appear, even mid-sentence. */

const SHELL = String.raw`(?:sudo\s+)?(?:ba|z|k|da)?sh\b`;
const FETCH = String.raw`\b(?:curl|wget|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b`;
/** Words after `npm publish` that make it a name ("the npm publish step is gated"), not a command. */
const PUBLISH_AS_NOUN = String.raw`(?:is|are|was|were|step|steps|job|jobs|pipeline|stage|permissions?|access|rights|tokens?|freeze|window|gates?|happens|runs|remains|stays|will|must|should|can|requires?)\b`;

export const ALWAYS_SHELL: readonly RegExp[] = [
  /(?<![\w-])rm\s+-[a-zA-Z]*[rRf]/,
  // Downloaded, perhaps decoded or unpacked on the way (`| base64 -d |`), then run.
  new RegExp(String.raw`${FETCH}[^\n]*\|\s*${SHELL}`),
  new RegExp(
    String.raw`${FETCH}[^\n]*\|\s*(?:sudo\s+)?(?:python3?|node|iex|Invoke-Expression|pwsh|powershell)\b`,
  ),
  new RegExp(String.raw`\|\s*base64\s+(?:-d|-D|--decode)\b[^\n]*\|\s*${SHELL}`),
  // PowerShell download-and-execute: `iex (iwr …)`, `IEX (New-Object Net.WebClient).DownloadString(…)`.
  /\b(?:iex|Invoke-Expression)\s*\(+\s*(?:iwr|irm|curl|wget|Invoke-WebRequest|Invoke-RestMethod|New-Object)\b/i,
  /\bNew-Object\s+(?:System\.)?Net\.WebClient\s*\)?\s*\.\s*Download(?:String|File|Data)\s*\(/i,
  /(?<![\w-])chmod\s+(?:-R\s+)?(?:[0-7]{3,4}|[ugoa]*[+=-][rwxXst]+)\s/,
  /(?<![\w-])git\s+push\b[^\n]*\s(?:--force(?:-with-lease)?|-f)\b/,
  /(?<![\w-])git\s+reset\s+--hard\b/,
  /(?<![\w-])dd\s+if=/,
  /(?<![\w-])mkfs(?:\.\w+)?\s+\//,
  /:\(\)\s*\{\s*:\|:&\s*\};:/,
  /\bcurl\s[^\n]*-X\s*(?:POST|PUT|PATCH|DELETE)\b/,
  /(?:^|[\s`])\.{1,2}\/[\w./-]+\.(?:sh|bash|zsh|ps1|py)\b/,
  /(?<![\w-])(?:ba|z)?sh\s+(?:-c\s|[\w./-]+\.sh\b)/,
  /(?:^|[\s`])export\s+[A-Z_][A-Z0-9_]*=/,
  // Publishing a package, and running one fetched at a moving version (`npx pkg@latest`, `npx --yes`).
  new RegExp(String.raw`(?<![\w-])(?:npm|pnpm|yarn)\s+(?:publish|unpublish)\b(?!\s+${PUBLISH_AS_NOUN})`),
  /(?<![\w-])npx\s+(?:-{1,2}[\w-]+\s+)*@?[\w.-]+(?:\/[\w.-]+)?@[\w.^~-]+/,
  /(?<![\w-])npx\s+(?:--yes|-y)\s+\S/,
];
