import type { GuardFinding } from './findings.ts';

/** Hosts model-written text may link to: exact names, or `*.example.com` for its subdomains. */
export type AllowedHosts = readonly string[];

/**
 * What Slack turns into a link on its own: a URL with a scheme, `www.…`, or a host followed by a
 * path. (A bare `name.tld` without a path is left alone: file names like `values.yaml` look the same.)
 */
const LINK =
  /\b(?:(?:https?|ftp):\/\/[^\s<>"'`]+|www\.[^\s<>"'`]+|(?:[a-z0-9-]+\.)+[a-z]{2,}\/[^\s<>"'`]*)/gi;
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function hostAllowed(host: string, allowed: AllowedHosts): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return allowed.some((entry) => {
    const rule = entry.toLowerCase();
    return rule.startsWith('*.') ? name.endsWith(rule.slice(1)) : name === rule;
  });
}

/** The host Slack would link to, judged by a real URL parser (`a.com@b.com` goes to b.com). */
function hostOf(link: string): string | undefined {
  try {
    return new URL(/^[a-z]+:\/\//i.test(link) ? link : `http://${link}`).hostname;
  } catch {
    return undefined;
  }
}

/** `hxxps://evil[.]example/…`: readable, and no client turns it into a link. */
export function defang(link: string, host: string): string {
  const hostAt = link.toLowerCase().indexOf(host.toLowerCase());
  const withHost =
    hostAt < 0
      ? link.replaceAll('.', '[.]')
      : `${link.slice(0, hostAt)}${host.replaceAll('.', '[.]')}${link.slice(hostAt + host.length)}`;
  return withHost.replace(/^(h)tt(ps?):\/\//i, '$1xx$2://').replace(/^ftp:\/\//i, 'fxp://');
}

/**
 * Links in text to hosts that are not on the allow-list become plain text Slack does not link;
 * allowed ones stay. Returns the text and one finding per link changed (the excerpt is the host).
 */
export function guardLinks(
  text: string,
  allowed: AllowedHosts,
  path: string,
): { text: string; findings: GuardFinding[] } {
  const findings: GuardFinding[] = [];
  const guarded = text.replace(LINK, (match) => {
    const link = match.replace(TRAILING, '');
    const rest = match.slice(link.length);
    const host = hostOf(link);
    if (host && hostAllowed(host, allowed)) return match;
    findings.push({ path, kind: 'link:unlisted_host', excerpt: host ?? 'unparsable link' });
    return `${defang(link, host ?? '')}${rest}`;
  });
  return { text: guarded, findings };
}

/** Every string in a JSON value, links guarded. */
export function guardLinksIn<T>(
  value: T,
  allowed: AllowedHosts,
  root: string,
): { value: T; findings: GuardFinding[] } {
  const findings: GuardFinding[] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      const result = guardLinks(node, allowed, path);
      findings.push(...result.findings);
      return result.text;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${path}[${i}]`));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, `${path}.${k}`)]));
    }
    return node;
  };
  return { value: walk(value, root) as T, findings };
}
