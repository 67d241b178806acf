import { describe, expect, it } from 'vitest';
import { defang, guardLinks, guardLinksIn, hostAllowed } from '../../src/guard/links.ts';

const ALLOWED = ['github.com', '*.atlassian.net'];

describe('guardLinks', () => {
  it.each([
    ['See https://evil.example.com/login now.', 'See hxxps://evil[.]example[.]com/login now.', 1],
    ['Dashboard: http://grafana.internal.io/d/abc', 'Dashboard: hxxp://grafana[.]internal[.]io/d/abc', 1],
    ['Go to www.phish.io/reset, then wait.', 'Go to www[.]phish[.]io/reset, then wait.', 1],
    ['Open evil.example.com/path?a=1 (today).', 'Open evil[.]example[.]com/path?a=1 (today).', 1],
    ['Mirror: ftp://files.example.org/x', 'Mirror: fxp://files[.]example[.]org/x', 1],
    ['The PR: https://github.com/acme/api/pull/7.', 'The PR: https://github.com/acme/api/pull/7.', 0],
    ['Runbook: https://acme.atlassian.net/wiki/x', 'Runbook: https://acme.atlassian.net/wiki/x', 0],
    // The host is what a URL parser says, not what the text starts with.
    ['Login: https://github.com@evil.example/x', 'Login: hxxps://github.com@evil[.]example/x', 1],
    ['Edit values.yaml and README.md, then v2.4.0.', 'Edit values.yaml and README.md, then v2.4.0.', 0],
    ['No links here at all.', 'No links here at all.', 0],
  ])('%s', (input, output, changed) => {
    const result = guardLinks(input, ALLOWED, 'gating.rules[0]');
    expect(result.text).toBe(output);
    expect(result.findings).toHaveLength(changed);
    for (const finding of result.findings) expect(finding.kind).toBe('link:unlisted_host');
  });

  it('turns every link into plain text when nothing is allowed', () => {
    expect(guardLinks('https://github.com/x', [], 'p').text).toBe('hxxps://github[.]com/x');
  });

  it('guards every string in a section, with its path', () => {
    const result = guardLinksIn({ rules: [{ criteria: ['see https://x.example/a', 'ok'] }] }, [], 'gating');
    expect(result.value).toEqual({ rules: [{ criteria: ['see hxxps://x[.]example/a', 'ok'] }] });
    expect(result.findings.map((f) => f.path)).toEqual(['gating.rules[0].criteria[0]']);
  });
});

describe('hostAllowed', () => {
  it.each([
    ['github.com', true],
    ['GitHub.com.', true],
    ['api.github.com', false],
    ['acme.atlassian.net', true],
    ['atlassian.net', false],
    ['evilatlassian.net', false],
  ])('%s → %s', (host, allowed) => {
    expect(hostAllowed(host, ALLOWED)).toBe(allowed);
  });

  it('defangs only the host’s dots and the scheme', () => {
    expect(defang('https://a.b.example/x.y', 'a.b.example')).toBe('hxxps://a[.]b[.]example/x.y');
  });
});
