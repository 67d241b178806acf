/**
 * Draws the Slack thread Release Planner posts (real builders, fixture plan) as PNGs for the README:
 *   docs/plan-thread.png       root message and the first two sections
 *   docs/plan-thread-full.png  the whole thread
 * Usage: node scripts/render-preview.ts   (needs Chromium; without it, prints the HTML paths)
 */
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { approvalControls } from './preview/approvals.ts';
import { findChromium, screenshot } from './preview/chromium.ts';
import { planThread, threadView } from './preview/plan-thread.ts';
import { threadPageHtml } from './preview/thread-html.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WIDTH = 900;

const PICTURES = [
  { file: 'docs/plan-thread.png', sections: 2, scale: 2 },
  { file: 'docs/plan-thread-full.png', sections: undefined, scale: 1 },
] as const;

function main(): void {
  const thread = planThread(approvalControls(ROOT));
  const workDir = mkdtempSync(join(tmpdir(), 'rp-preview-'));
  const pages = PICTURES.map((picture, i) => {
    const htmlPath = join(workDir, `preview-${i}.html`);
    writeFileSync(htmlPath, threadPageHtml(threadView(thread, picture.sections)));
    return { ...picture, htmlPath };
  });

  const chromium = findChromium();
  if (!chromium) {
    for (const page of pages) console.log(`HTML for ${page.file}: ${page.htmlPath}`);
    console.log('Chromium not found. Install it (Debian/Ubuntu: apt-get install -y chromium) and run again.');
    return;
  }
  for (const page of pages) {
    const pngPath = join(ROOT, page.file);
    mkdirSync(dirname(pngPath), { recursive: true });
    screenshot(chromium, page.htmlPath, pngPath, { width: WIDTH, scale: page.scale });
    console.log(`${page.file}  ${(statSync(pngPath).size / 1024).toFixed(0)} KB  (from ${page.htmlPath})`);
  }
}

main();
