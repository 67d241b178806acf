import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * `npm run build`: the production build, dist/src/main.js and its chunks (issue 14, memory).
 *
 * One minified ES module bundle instead of tsc's ~900 modules: V8 keeps the source text of every
 * module it loads (16 MB of strings at idle under tsc's output, comments and whitespace included)
 * and a module record per file; minified and tree-shaken, the same code is a fraction of that.
 * Chunks are split at the dynamic imports, so a provider SDK or the PostgreSQL adapter is still
 * read only when configured.
 *
 * Bolt and the @slack packages stay outside the bundle and load through Node like any Bolt app's:
 * they are CommonJS whose dependencies load lazily (iconv-lite's encoding tables, undici for
 * Socket Mode, mime-db), and bundling would parse all of that at start-up — measured: 13 MB more
 * RSS at idle than leaving them out.
 *
 * Identifiers are not mangled, so stack traces in the logs keep their function names; a source
 * map is written beside each file for `node --enable-source-maps`.
 *
 * Type checking is `npm run typecheck`; this only transpiles.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'src');

/** Loaded by Node at run time, from node_modules, exactly as the bare Bolt app loads them. */
const EXTERNAL = [
  '@slack/bolt',
  '@slack/web-api',
  '@slack/socket-mode',
  '@slack/oauth',
  '@slack/logger',
  '@slack/types',
];

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [path.join(root, 'src', 'main.ts')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  external: EXTERNAL,
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  legalComments: 'none',
  sourcemap: 'linked',
  sourcesContent: false,
  // CommonJS dependencies in the bundle (pino, prom-client, yaml…) call require() for Node's
  // built-ins; an ES module has no require of its own.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
  write: false,
});

/**
 * V8 stores a script's source as two bytes a character if any character is outside Latin-1 (1.6
 * instead of 0.8 MB for main.js). esbuild escapes strings but leaves regular-expression literals
 * and String.raw templates alone, and ours hold a few (→ – — • …), all in patterns: as \uXXXX they
 * match the same, and the source stays one byte a character.
 */
function asciiOnly(code: string): string {
  return code.replace(/[^ -~\t\n\r]/gu, (c) => {
    const unit = c.codePointAt(0) ?? 0;
    if (unit > 0xffff)
      throw new Error(`build: ${JSON.stringify(c)} outside the BMP would need \\u{…} (u flag)`);
    return `\\u${unit.toString(16).padStart(4, '0')}`;
  });
}

for (const file of result.outputFiles) {
  mkdirSync(path.dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.path.endsWith('.js') ? asciiOnly(file.text) : file.contents);
}
