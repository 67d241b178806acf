import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * Slack's published specs (OpenAPI description of the Web API, JSON Schema of app manifests) stay in
 * ../shared/vendor: the repo does not copy them. SLACK_SPECS_DIR points elsewhere; where they are
 * absent (a user's own clone) the conformance checks skip and say so.
 */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SPEC_FILES = {
  webApi: 'slack-web-api-spec/slack_web_openapi_v2.json',
  manifestSchema: 'slack-manifest-schema/manifest.schema.1.0.0.json',
  manifestInvalid: 'slack-manifest-schema/manifest.invalid.json',
} as const;
export type SpecFile = keyof typeof SPEC_FILES;

export function specsDir(): string {
  return process.env.SLACK_SPECS_DIR ?? path.resolve(REPO_ROOT, '..', 'shared', 'vendor');
}

export function specPath(file: SpecFile, dir = specsDir()): string {
  return path.join(dir, SPEC_FILES[file]);
}

/** True when every named spec file is present (default: all of them). */
export function specsAvailable(
  dir = specsDir(),
  files: SpecFile[] = Object.keys(SPEC_FILES) as SpecFile[],
): boolean {
  return files.every((file) => existsSync(specPath(file, dir)));
}

export function readSpecJson(file: SpecFile, dir = specsDir()): unknown {
  return JSON.parse(readFileSync(specPath(file, dir), 'utf8'));
}

/** The part of an OpenAPI 2.0 description the fake needs: methods and their parameter names. */
const OpenApiParameter = z.object({ name: z.string(), in: z.string(), required: z.boolean().optional() });
const OpenApiOperation = z.object({ parameters: z.array(OpenApiParameter).optional() });
export const WebApiSpec = z.object({
  swagger: z.literal('2.0'),
  paths: z.record(z.string(), z.record(z.string(), OpenApiOperation)),
});
export type WebApiSpec = z.infer<typeof WebApiSpec>;

const loaded = new Map<string, WebApiSpec>();

/** slack_web_openapi_v2.json, parsed once per directory (it is about 1 MB). */
export function loadWebApiSpec(dir = specsDir()): WebApiSpec {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const spec = WebApiSpec.parse(readSpecJson('webApi', dir));
  loaded.set(dir, spec);
  return spec;
}
