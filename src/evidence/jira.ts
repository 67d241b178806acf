import { z } from 'zod';
import { FIX_VERSION_PLACEHOLDER, type JiraCount } from './checks.ts';
import { answered, type Connector, getJson, MAX_PAGES } from './connector.ts';
import { evidenceRecord, plural, type RecordBase } from './records.ts';
import type { EvidenceRecord } from './types.ts';

/**
 * Jira Cloud: issues matching a JQL, counted by paging through
 * `GET /rest/api/3/search/jql?jql=…&fields=summary&maxResults=100&nextPageToken=…`
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get;
 * the old /search answers 410 and the new one gives no total). Basic auth: email + API token.
 */
export interface JiraSettings {
  baseUrl: string;
  email: string;
  apiToken: string;
}

export const JiraSearchPage = z.object({
  issues: z.array(
    z.object({ key: z.string(), fields: z.object({ summary: z.string().optional() }).optional() }),
  ),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});
export type JiraIssue = z.infer<typeof JiraSearchPage>['issues'][number];

const PAGE_SIZE = 100;

/** The JQL with `{fix_version}` replaced by the request's fix version as a quoted JQL string. */
export function resolveJql(jql: string, fixVersion: string | undefined): string | undefined {
  if (!jql.includes(FIX_VERSION_PLACEHOLDER)) return jql;
  const version = fixVersion?.trim();
  if (!version) return undefined;
  return jql.replaceAll(FIX_VERSION_PLACEHOLDER, `"${version.replace(/["\\]/g, '\\$&')}"`);
}

/** Issues found → record (pure): more than `max` fails; `complete` false means "at least" this many. */
export function jiraRecord(
  base: RecordBase,
  spec: JiraCount,
  issues: readonly JiraIssue[],
  complete: boolean,
): EvidenceRecord {
  const count = issues.length;
  const facts = issues.map((i) => ({ label: i.key, value: i.fields?.summary ?? '' }));
  const counted = `${complete ? '' : 'at least '}${plural(count, 'issue')}`;
  if (count > spec.max) {
    return evidenceRecord(base, {
      status: 'fail',
      reason: 'threshold',
      summary: `${counted} match (at most ${spec.max} allowed)`,
      facts,
    });
  }
  if (!complete) {
    return evidenceRecord(base, {
      status: 'unknown',
      reason: 'no_data',
      summary: `${counted} read before the page limit: the count is incomplete`,
      facts,
    });
  }
  return evidenceRecord(base, {
    status: 'pass',
    reason: 'ok',
    summary: `${counted} match (at most ${spec.max} allowed)`,
    facts,
  });
}

export function jiraConnector(settings: JiraSettings): Connector<JiraCount> {
  const root = settings.baseUrl.replace(/\/+$/, '');
  const auth = `Basic ${Buffer.from(`${settings.email}:${settings.apiToken}`).toString('base64')}`;
  return async ({ spec, input, fetch, now }) => {
    const jql = resolveJql(spec.jql, input.fixVersion);
    const base: RecordBase = {
      spec,
      observedAt: now,
      query: `JQL: ${jql ?? spec.jql}`,
      ...(jql ? { link: `${root}/issues/?jql=${encodeURIComponent(jql)}` } : {}),
    };
    if (jql === undefined) {
      return evidenceRecord(base, {
        status: 'unknown',
        reason: 'no_data',
        summary: 'the JQL needs the release’s fix version, and none was given with the request',
      });
    }
    return answered(base, async () => {
      const issues: JiraIssue[] = [];
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const url = new URL(`${root}/rest/api/3/search/jql`);
        url.searchParams.set('jql', jql);
        url.searchParams.set('fields', 'summary');
        url.searchParams.set('maxResults', String(PAGE_SIZE));
        if (token) url.searchParams.set('nextPageToken', token);
        const answer = await getJson(fetch, url, { authorization: auth }, JiraSearchPage);
        issues.push(...answer.issues);
        token = answer.nextPageToken ?? undefined;
        if (!token || answer.isLast === true || issues.length > spec.max) {
          return jiraRecord(base, spec, issues, !token || answer.isLast === true);
        }
      }
      return jiraRecord(base, spec, issues, false);
    });
  };
}
