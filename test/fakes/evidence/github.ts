import { assertGithubResponse, githubExample, githubOperation } from './github-spec.ts';
import { type FakeServer, pageOf, type ReceivedRequest, startFakeServer } from './server.ts';

/**
 * A local GitHub REST API for the evidence connector: check runs and the combined status of a
 * commit. Answers are built from the official description's examples and validated against it,
 * as is every request (GET only, a path and query parameters the description has).
 */
export interface FakeRun {
  name: string;
  status?: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion?: string | null;
}
export interface FakeStatus {
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
}

export interface FakeGithub extends FakeServer {
  /** Sets what a commit reports: `ref` is the commit sha or ref the requests name. */
  setCommit(repo: string, ref: string, runs: FakeRun[], statuses?: FakeStatus[]): void;
  /** Requests or answers that broke GitHub's description (the fake answered 500). */
  readonly violations: string[];
}

const CHECK_RUNS = '/repos/{owner}/{repo}/commits/{ref}/check-runs';
const COMBINED = '/repos/{owner}/{repo}/commits/{ref}/status';

export async function startFakeGithub(): Promise<FakeGithub> {
  const commits = new Map<string, { runs: FakeRun[]; statuses: FakeStatus[] }>();
  const violations: string[] = [];
  let base = '';
  const route = (req: ReceivedRequest) => {
    let template: string;
    try {
      template = githubOperation(req.method, req.url.pathname, req.url.searchParams);
    } catch (err) {
      violations.push(String(err));
      return { status: 500, body: { message: String(err) } };
    }
    const [, , owner, repo, , ref = ''] = req.url.pathname.split('/');
    const commit = commits.get(`${owner}/${repo}@${decodeURIComponent(ref)}`);
    if (!commit)
      return {
        status: 404,
        body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
      };
    const answer =
      template === CHECK_RUNS
        ? checkRuns(req, commit.runs, base)
        : template === COMBINED
          ? combined(commit.statuses)
          : undefined;
    if (!answer) return { status: 404, body: { message: 'Not Found' } };
    try {
      assertGithubResponse(template, answer.body);
    } catch (err) {
      violations.push(String(err));
      return { status: 500, body: { message: String(err) } };
    }
    return answer;
  };
  const server = await startFakeServer(route);
  base = server.url;
  return Object.assign(server, {
    violations,
    setCommit(repo: string, ref: string, runs: FakeRun[], statuses: FakeStatus[] = []) {
      commits.set(`${repo}@${ref}`, { runs, statuses });
    },
  });
}

function checkRuns(req: ReceivedRequest, runs: FakeRun[], base: string) {
  const perPage = Number(req.url.searchParams.get('per_page') ?? 30);
  const page = Number(req.url.searchParams.get('page') ?? 1);
  const template =
    (githubExample('check-run-paginated') as { check_runs: Record<string, unknown>[] }).check_runs[0] ?? {};
  const all = runs.map((run, i) => ({
    ...structuredClone(template),
    id: 1000 + i,
    name: run.name,
    status: run.status ?? 'completed',
    conclusion: (run.status ?? 'completed') === 'completed' ? (run.conclusion ?? 'success') : null,
    completed_at: (run.status ?? 'completed') === 'completed' ? '2026-11-30T08:00:00Z' : null,
    html_url: `https://github.example/runs/${1000 + i}`,
  }));
  const headers: Record<string, string> = {};
  if (page * perPage < all.length) {
    const next = new URL(req.url.pathname + req.url.search, base);
    next.searchParams.set('page', String(page + 1));
    headers.link = `<${next.href}>; rel="next"`;
  }
  return {
    status: 200,
    headers,
    body: { total_count: all.length, check_runs: pageOf(all, page - 1, perPage) },
  };
}

function combined(statuses: FakeStatus[]) {
  const example = githubExample('combined-commit-status') as { statuses: Record<string, unknown>[] } & Record<
    string,
    unknown
  >;
  const template = example.statuses[0] ?? {};
  const list = statuses.map((s, i) => ({
    ...structuredClone(template),
    id: 2000 + i,
    context: s.context,
    state: s.state,
  }));
  const state =
    list.length === 0
      ? 'pending'
      : statuses.some((s) => s.state === 'failure' || s.state === 'error')
        ? 'failure'
        : statuses.every((s) => s.state === 'success')
          ? 'success'
          : 'pending';
  return { status: 200, headers: {}, body: { ...example, state, statuses: list, total_count: list.length } };
}
