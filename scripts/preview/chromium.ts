import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Headless Chromium, run twice per picture: once to measure the page, once to photograph it. */

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function findChromium(): string | undefined {
  for (const name of CANDIDATES) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      // not on PATH: try the next name
    }
  }
  return undefined;
}

// Quiet, offline, throwaway profile: the page is a local file and needs nothing from the network.
const QUIET_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
];

function run(chromium: string, args: string[]): string {
  const profile = mkdtempSync(join(tmpdir(), 'rp-chromium-'));
  try {
    return execFileSync(chromium, [...QUIET_FLAGS, `--user-data-dir=${profile}`, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The page's height in CSS pixels, which the page itself writes to `<html data-height>`. */
export function measureHeight(chromium: string, htmlPath: string, width: number): number {
  const dom = run(chromium, ['--dump-dom', `--window-size=${width},1000`, pathToFileURL(htmlPath).href]);
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1]);
  if (!Number.isFinite(height) || height <= 0) throw new Error(`could not measure ${htmlPath}`);
  return height;
}

export interface ShotOptions {
  width: number;
  scale: number;
}

export function screenshot(chromium: string, htmlPath: string, pngPath: string, options: ShotOptions): void {
  const height = measureHeight(chromium, htmlPath, options.width);
  run(chromium, [
    `--screenshot=${pngPath}`,
    `--window-size=${options.width},${height}`,
    `--force-device-scale-factor=${options.scale}`,
    pathToFileURL(htmlPath).href,
  ]);
}
