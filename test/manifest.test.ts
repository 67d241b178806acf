import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { COMMAND } from '../src/slack/ids.ts';
import { readSpecJson, SPEC_FILES, specsAvailable, specsDir } from './fakes/specs.ts';

const MANIFEST_PATH = new URL('../manifest.yml', import.meta.url);
const LEAST_PRIVILEGE_SCOPES = [
  'commands',
  'chat:write',
  'channels:history',
  'groups:history',
  'usergroups:read',
  'reactions:write',
];

// The parts of the manifest this bot's behaviour depends on; the JSON Schema checks the rest.
const OurManifest = z.object({
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.boolean() }),
    slash_commands: z.array(z.object({ command: z.string(), url: z.string(), usage_hint: z.string() })),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.string(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string() }),
    socket_mode_enabled: z.boolean(),
  }),
});

function loadManifest(): unknown {
  return parse(readFileSync(MANIFEST_PATH, 'utf8'));
}

// ajv-formats is CommonJS: Node's default import is module.exports, which carries the plugin as `.default`.
const addFormats = ajvFormats.default;

const available = specsAvailable(specsDir(), ['manifestSchema', 'manifestInvalid']);
if (!available) {
  console.warn(
    `manifest.test.ts: Slack's manifest schema (${SPEC_FILES.manifestSchema}) is not in ${specsDir()}; ` +
      'schema checks skipped. Set SLACK_SPECS_DIR to the vendor directory to run them.',
  );
}

describe.skipIf(!available)('manifest.yml against Slack manifest schema 1.0.0', () => {
  let validate: ValidateFunction;

  beforeAll(() => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    validate = ajv.compile(readSpecJson('manifestSchema') as object);
  });

  it('validates', () => {
    const valid = validate(loadManifest());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("rejects Slack's own invalid sample, so the check can fail", () => {
    expect(validate(readSpecJson('manifestInvalid'))).toBe(false);
  });

  it('rejects our manifest with the slash missing from the command', () => {
    const copy = loadManifest() as { features: { slash_commands: { command: string }[] } };
    const command = copy.features.slash_commands[0];
    if (!command) throw new Error('manifest has no slash command');
    command.command = command.command.replace(/^\//, '');
    expect(command.command).toBe('release-plan');
    expect(validate(copy)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/features/slash_commands/0/command');
  });
});

describe('manifest.yml contents', () => {
  const manifest = OurManifest.parse(loadManifest());

  it('asks for exactly the least-privilege bot scopes', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...LEAST_PRIVILEGE_SCOPES].sort());
    expect(new Set(manifest.oauth_config.scopes.bot).size).toBe(manifest.oauth_config.scopes.bot.length);
  });

  it('declares the command the bot listens for', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([COMMAND]);
    expect(manifest.features.slash_commands[0]?.usage_hint).toBe('[initiative summary] | help');
  });

  it('subscribes to thread replies in public and private channels and to Home tab opens, and turns interactivity on', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'message.channels',
      'message.groups',
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('sends commands, events and interactivity to the one Bolt endpoint', () => {
    const urls = [
      manifest.features.slash_commands[0]?.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(new Set(urls).size).toBe(1);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });
});
