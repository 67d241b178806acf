import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger, toBoltLogger } from '../src/logger.ts';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
  return { logger, lines };
}

describe('createLogger', () => {
  it.each([
    [{ token: 'xoxb-1-2-3' }],
    [{ client: { token: 'xoxb-1-2-3' } }],
    [{ config: { slack: { botToken: 'xoxb-1-2-3', signingSecret: 'shh' } } }],
    [{ req: { headers: { authorization: 'Bearer sk-live-abc' } } }],
    [{ openai: { apiKey: 'sk-live-abc' } }],
    [{ config: { evidence: { github: { token: 'sk-live-abc' } } } }],
    [{ evidence: { jira: { apiToken: 'sk-live-abc' }, datadog: { appKey: 'shh', apiKey: 'shh' } } }],
    [{ err: { request: { headers: { authorization: 'token sk-live-abc' } } } }],
    [{ req: { headers: { 'dd-api-key': 'shh', 'dd-application-key': 'shh' } } }],
  ])('censors secrets in %j', (fields) => {
    const { logger, lines } = capture();
    logger.info(fields, 'hello');
    expect(lines[0]).not.toMatch(/xoxb-1-2-3|sk-live-abc|shh/);
    expect(lines[0]).toContain('[redacted]');
  });
});

describe('toBoltLogger', () => {
  it('writes Bolt messages as JSON through pino, with levels', () => {
    const { logger, lines } = capture();
    const bolt = toBoltLogger(logger);
    bolt.warn('socket', 'reconnecting');
    bolt.error(new Error('boom'));
    const [warn, error] = lines.map(
      (l) => JSON.parse(l) as { level: number; msg: string; component: string },
    );
    expect(warn).toMatchObject({ level: 40, msg: 'socket reconnecting', component: 'bolt' });
    expect(error).toMatchObject({ level: 50, component: 'bolt' });
  });

  it('keeps the configured level when Bolt or the Web API client call setLevel', () => {
    const lines: string[] = [];
    const bolt = toBoltLogger(createLogger('warn', { write: (line: string) => void lines.push(line) }));
    bolt.setLevel(LogLevel.DEBUG);
    bolt.setName('web-api:WebClient:0');
    bolt.info('chatty');
    bolt.warn('kept');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['kept']);
    expect(bolt.getLevel()).toBe(LogLevel.WARN);
  });
});
