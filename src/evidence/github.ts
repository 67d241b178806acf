import { z } from 'zod';
import type { GithubChecks } from './checks.ts';
import { answered, type Connector, MAX_PAGES } from './connector.ts';
import { type CheckRun, type CommitStatus, githubRecord } from './github-map.ts';
import { evidenceRecord, type RecordBase } from './records.ts';

/**
 * GitHub: check runs (`GET /repos/{owner}/{repo}/commits/{ref}/check-runs?filter=latest`, paged)
 * and the combined status (`GET …/commits/{ref}/status`) of the request's commit, through
 * @octokit/rest over the GET-only layer. Token: read access to Checks, Commit statuses, Metadata.
 */
export interface GithubSettings {
  token: string;
  apiUrl: string;
}

const CheckRunSchema = z.object({
  name: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  html_url: z.string().nullable().optional(),
});
const CombinedStatusSchema = z.object({
  state: z.string(),
  statuses: z.array(
    z.object({ context: z.string(), state: z.string(), target_url: z.string().nullable().optional() }),
  ),
});

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function githubConnector(settings: GithubSettings): Connector<GithubChecks> {
  return async ({ spec, input, fetch, now }) => {
    const ref = input.ref?.trim();
    const [owner = '', repo = ''] = spec.repo.split('/');
    const base: RecordBase = {
      spec,
      observedAt: now,
      query: `GET /repos/${spec.repo}/commits/${ref ?? '{ref}'}/check-runs?filter=latest and …/status${spec.required.length > 0 ? ` (required: ${spec.required.join(', ')})` : ''}`,
      ...(ref
        ? { link: `${webOrigin(settings.apiUrl)}/${spec.repo}/commit/${encodeURIComponent(ref)}` }
        : {}),
    };
    if (!ref) {
      return evidenceRecord(base, {
        status: 'unknown',
        reason: 'no_data',
        summary: 'no commit or ref was given with the request',
      });
    }
    return answered(base, async () => {
      // Loaded on the first GitHub check, not at start-up: an app without GitHub gates never loads it.
      const { Octokit } = await import('@octokit/rest');
      const octokit = new Octokit({
        auth: settings.token,
        baseUrl: settings.apiUrl,
        request: { fetch },
        log: silent,
        userAgent: 'release-planner',
      });
      const runs: CheckRun[] = [];
      let pages = 0;
      const iterator = octokit.paginate.iterator(octokit.rest.checks.listForRef, {
        owner,
        repo,
        ref,
        filter: 'latest',
        per_page: 100,
      });
      for await (const page of iterator) {
        runs.push(...z.array(CheckRunSchema).parse(page.data));
        if (++pages >= MAX_PAGES) break;
      }
      const combined = CombinedStatusSchema.parse(
        (await octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref, per_page: 100 })).data,
      );
      const statuses: CommitStatus[] = combined.statuses;
      return githubRecord(base, spec, runs, statuses);
    });
  };
}

/** https://api.github.com → https://github.com; GitHub Enterprise https://host/api/v3 → https://host. */
export function webOrigin(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.host === 'api.github.com') return 'https://github.com';
  return url.origin;
}
