import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createReadiness } from '../../src/observability/readiness.ts';

const logger = pino({ level: 'silent' });
const ok = async () => {};
const fails = async () => {
  throw new Error('down');
};

describe('readiness', () => {
  it('is ready when the database answers and Slack auth succeeded at start', async () => {
    const readiness = createReadiness({ ping: ok, authTest: ok, logger, retryMs: 10 });
    expect(await readiness.check()).toEqual({
      ok: false,
      checks: { database: true, migrations: true, slackAuth: false },
    });
    await readiness.start();
    expect(await readiness.check()).toEqual({
      ok: true,
      checks: { database: true, migrations: true, slackAuth: true },
    });
    readiness.stop();
  });

  it('is not ready while the database does not answer, or answers too slowly', async () => {
    let ping: () => Promise<void> = fails;
    const readiness = createReadiness({
      ping: () => ping(),
      authTest: ok,
      logger,
      retryMs: 10,
      pingTimeoutMs: 50,
    });
    await readiness.start();
    expect(await readiness.check()).toMatchObject({
      ok: false,
      checks: { database: false, slackAuth: true },
    });
    ping = () => new Promise(() => {});
    expect(await readiness.check()).toMatchObject({ ok: false, checks: { database: false } });
    ping = ok;
    expect(await readiness.check()).toMatchObject({ ok: true });
    readiness.stop();
  });

  it('retries a failed auth.test until it succeeds, and stops retrying when stopped', async () => {
    let calls = 0;
    const authTest = async () => {
      calls += 1;
      if (calls < 3) throw new Error('invalid_auth');
    };
    const readiness = createReadiness({ ping: ok, authTest, logger, retryMs: 10 });
    await readiness.start();
    expect((await readiness.check()).checks.slackAuth).toBe(false);
    await expect.poll(() => calls, { timeout: 1000 }).toBe(3);
    await expect.poll(async () => (await readiness.check()).ok).toBe(true);

    const stopped = createReadiness({ ping: ok, authTest: fails, logger, retryMs: 10 });
    await stopped.start();
    stopped.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await stopped.check()).checks.slackAuth).toBe(false);
  });
});
