import { type FakeServer, startFakeServer } from './server.ts';

/**
 * A local Jira Cloud for the evidence connector: `GET /rest/api/3/search/jql` (the enhanced JQL
 * search), following https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get:
 * `{ issues: [{ id, key, self, fields }], nextPageToken?, isLast }`, no `total`; the old
 * `/rest/api/3/search` answers 410 Gone. Results per exact JQL string; an unknown JQL answers 400
 * as Jira does for a JQL it cannot parse.
 */
export interface FakeJira extends FakeServer {
  setResult(jql: string, issues: { key: string; summary: string }[]): void;
}

export async function startFakeJira(): Promise<FakeJira> {
  const results = new Map<string, { key: string; summary: string }[]>();
  const server = await startFakeServer((req) => {
    if (req.method !== 'GET') return { status: 405, body: { errorMessages: ['method not allowed'] } };
    if (req.url.pathname === '/rest/api/3/search') {
      return {
        status: 410,
        body: {
          errorMessages: ['The requested API has been removed. Please migrate to /rest/api/3/search/jql.'],
        },
      };
    }
    if (req.url.pathname !== '/rest/api/3/search/jql')
      return { status: 404, body: { errorMessages: ['not found'] } };
    const jql = req.url.searchParams.get('jql') ?? '';
    const issues = results.get(jql);
    if (!issues)
      return { status: 400, body: { errorMessages: [`Error in the JQL Query: ${jql}`], errors: {} } };
    const max = Math.min(Number(req.url.searchParams.get('maxResults') ?? 50), 5000);
    const start = Number(req.url.searchParams.get('nextPageToken') ?? 0);
    const page = issues.slice(start, start + max).map((issue, i) => ({
      id: String(10_000 + start + i),
      key: issue.key,
      self: `${server.url}/rest/api/3/issue/${10_000 + start + i}`,
      fields: { summary: issue.summary },
    }));
    const more = start + max < issues.length;
    return {
      status: 200,
      body: { issues: page, isLast: !more, ...(more ? { nextPageToken: String(start + max) } : {}) },
    };
  });
  return Object.assign(server, {
    setResult(jql: string, issues: { key: string; summary: string }[]) {
      results.set(jql, issues);
    },
  });
}
