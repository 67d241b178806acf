import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK } from '../../src/slack/ids.ts';
import { fillModal } from '../fakes/modal-fill.ts';
import { threadReplyEvent, viewSubmissionPayload } from '../fakes/slack-client.ts';
import { ANSWERS, CHANNEL, openModal, REQUESTER } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
afterEach(() => h?.close());

const FORM = 'application/x-www-form-urlencoded';

function command(teamId?: string) {
  return h.client.command({ text: '', userId: REQUESTER, channelId: CHANNEL, ...(teamId ? { teamId } : {}) });
}

function warnings(lines: string[], pattern: RegExp): string[] {
  return lines.filter((l) => /"level":40/.test(l) && pattern.test(l));
}

describe('request timestamps', () => {
  it.each([
    ['an hour in the future', 3600],
    ['six minutes in the future', 6 * 60],
    ['an hour in the past', -3600],
  ])('refuses a signed request stamped %s with 401 and processes nothing', async (_name, offset) => {
    h = await startHarness();
    const res = await h.client.command(
      { text: '', userId: REQUESTER, channelId: CHANNEL },
      { timestampOffsetSeconds: offset },
    );
    expect(res.status).toBe(401);
    await h.idle();
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('accepts a request stamped within five minutes either way (clock skew)', async () => {
    h = await startHarness();
    for (const offset of [-240, 240]) {
      const res = await h.client.command(
        { text: '', userId: REQUESTER, channelId: CHANNEL },
        { timestampOffsetSeconds: offset },
      );
      expect(res.status).toBe(200);
    }
    await h.slack.waitFor((s) => s.callsTo('views.open').length === 2, 5000, 'two modals');
  });
});

describe('malformed signed requests', () => {
  it.each([
    ['a JSON null', 'null', 'application/json'],
    ['a JSON array', '[1,2]', 'application/json'],
    ['a JSON string', '"hello"', 'application/json'],
    ['invalid JSON', '{"type":', 'application/json'],
    ['an interactivity payload of null', 'payload=null', FORM],
    [
      'an event without its event',
      '{"type":"event_callback","team_id":"T1","api_app_id":"A0FAKEAPP"}',
      'application/json',
    ],
  ])('answers %s with 400 and keeps serving', async (_name, body, contentType) => {
    h = await startHarness();
    const res = await h.client.signedRaw(body, contentType);
    expect(res.status).toBe(400);
    await openModal(h);
  });

  it('answers a view_submission whose view.state is null with 400', async () => {
    h = await startHarness();
    const opened = await openModal(h);
    const payload = viewSubmissionPayload({
      userId: REQUESTER,
      viewId: opened.viewId,
      callbackId: CALLBACK.planRequest,
      privateMetadata: opened.view.private_metadata ?? '',
      values: fillModal(opened.view, ANSWERS),
    });
    const res = await h.client.viewSubmission({ ...payload, view: { ...payload.view, state: null } });
    expect(res.status).toBe(400);
    await h.idle();
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it("answers Slack's unsigned SSL check with 200 and acts on nothing", async () => {
    h = await startHarness();
    const res = await h.client.signedRaw('ssl_check=1&token=legacy', FORM, { wrongSignature: true });
    expect(res.status).toBe(200);
    const mimic = await h.client.signedRaw(
      `ssl_check=0&command=${encodeURIComponent('/release-plan')}`,
      FORM,
      {
        wrongSignature: true,
      },
    );
    expect(mimic.status).toBe(401);
    await h.idle();
    expect(h.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('still refuses an unsigned malformed body with 401, not 400', async () => {
    h = await startHarness();
    const res = await h.client.signedRaw('null', 'application/json', { wrongSignature: true });
    expect(res.status).toBe(401);
  });
});

describe('requests for another workspace or app', () => {
  it("acknowledges a command from a team other than the bot's (auth.test) but acts on nothing, and warns once", async () => {
    const logLines: string[] = [];
    h = await startHarness({ logLines });
    const res = await command('T0OTHER');
    expect(res.status).toBe(200);
    await h.idle();
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
    expect(h.slack.responses).toHaveLength(0);
    expect(warnings(logLines, /T0OTHER/)).toHaveLength(1);
    await openModal(h);
  });

  it('acknowledges a thread reply from another team and acts on nothing', async () => {
    const logLines: string[] = [];
    h = await startHarness({ logLines });
    const event = threadReplyEvent({
      channel: CHANNEL,
      user: REQUESTER,
      text: 'add a canary',
      ts: '1700000001.000200',
      threadTs: '1700000000.000100',
      teamId: 'T0OTHER',
    });
    const res = await h.client.event(event);
    expect(res.status).toBe(200);
    await h.idle();
    expect(warnings(logLines, /T0OTHER/)).toHaveLength(1);
    expect(h.models.requests).toHaveLength(0);
  });

  it('takes the teams from SLACK_TEAM_IDS when it is set (Enterprise Grid)', async () => {
    const logLines: string[] = [];
    h = await startHarness({ logLines, env: { SLACK_TEAM_IDS: 'T0GRIDA, T0GRIDB' } });
    expect((await command('T0GRIDB')).status).toBe(200);
    await h.slack.waitFor((s) => s.callsTo('views.open').length === 1, 5000, 'a modal for T0GRIDB');
    expect((await command('T1')).status).toBe(200);
    await h.idle();
    expect(h.slack.callsTo('views.open')).toHaveLength(1);
    expect(warnings(logLines, /"teamId":"T1"/)).toHaveLength(1);
  });

  it('refuses a request for another app when SLACK_APP_ID is set', async () => {
    const logLines: string[] = [];
    h = await startHarness({ logLines, env: { SLACK_APP_ID: 'A0MINE' } });
    expect((await command()).status).toBe(200);
    await h.idle();
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
    expect(warnings(logLines, /A0FAKEAPP/)).toHaveLength(1);
  });

  it('acts on a request for its own app when SLACK_APP_ID is set', async () => {
    h = await startHarness({ env: { SLACK_APP_ID: 'A0FAKEAPP' } });
    await openModal(h);
  });
});
