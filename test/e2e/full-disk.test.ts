import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ModalView } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK } from '../../src/slack/ids.ts';
import { CANNOT_SAVE } from '../../src/slack/listeners/views/plan-request.ts';
import { STORE_UNAVAILABLE_TEXT } from '../../src/slack/middleware/dedupe.ts';
import { openStore } from '../../src/store/index.ts';
import { fillModal } from '../fakes/modal-fill.ts';
import { threadReplyEvent, viewSubmissionPayload } from '../fakes/slack-client.ts';
import { ANSWERS, CHANNEL, openModal, REQUESTER, requestPlan, root } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

/** A real full file system: a small tmpfs (needs root, as CI and these machines run). */
function mountSmallDisk(): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'rp-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmdirSync(dir);
    return undefined;
  }
}

const disk = mountSmallDisk();
if (!disk)
  console.warn('full-disk.test.ts: cannot mount a tmpfs here (not root?), so these tests are skipped');

/** Writes zeros until the file system says it is full. */
function fill(dir: string): string {
  const file = path.join(dir, 'filler');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, block);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return file;
}

async function readyz(h: Harness): Promise<number> {
  return (await fetch(`http://127.0.0.1:${h.app.port}/readyz`)).status;
}

describe.skipIf(!disk)('a full disk under the SQLite store', () => {
  let h: Harness;
  beforeAll(async () => {
    const store = await openStore({ kind: 'sqlite', path: path.join(disk ?? '', 'plans.db') });
    h = await startHarness({ store });
  });
  afterAll(async () => {
    await h?.close();
    if (disk) {
      execFileSync('umount', [disk]);
      rmSync(disk, { recursive: true, force: true });
    }
  });

  it('answers clearly, loses no typed request, turns unready, and recovers when space is back', async () => {
    await requestPlan(h);
    const rootTs = root(h).ts;
    const opened = await openModal(h);
    expect(await readyz(h)).toBe(200);

    const filler = fill(disk ?? '');

    expect(await readyz(h)).toBe(503);
    const command = await h.client.command({ text: '', userId: REQUESTER, channelId: CHANNEL });
    expect(command.status).toBe(200);
    expect(command.json()).toEqual({ response_type: 'ephemeral', text: STORE_UNAVAILABLE_TEXT });

    const view = opened.view as ModalView;
    const submitted = await h.client.viewSubmission(
      viewSubmissionPayload({
        userId: REQUESTER,
        viewId: opened.viewId,
        callbackId: CALLBACK.planRequest,
        privateMetadata: view.private_metadata ?? '',
        values: fillModal(view, ANSWERS),
      }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.json()).toMatchObject({ response_action: 'errors', errors: { title: CANNOT_SAVE } });

    const ephemerals = h.slack.callsTo('chat.postEphemeral').length;
    const reply = threadReplyEvent({
      user: 'U0REVIEWER',
      channel: CHANNEL,
      text: 'Add a load test gate.',
      ts: `${Math.floor(Date.now() / 1000)}.000900`,
      threadTs: rootTs,
    });
    expect((await h.client.event(reply)).status).toBe(200);
    await h.idle();
    const told = h.slack.callsTo('chat.postEphemeral').slice(ephemerals);
    expect(told.map((c) => c.args.text)).toEqual([expect.stringMatching(/can’t save right now.*reply/)]);

    rmSync(filler);
    expect(await readyz(h)).toBe(200);
    const again = await h.client.command({ text: '', userId: REQUESTER, channelId: CHANNEL });
    expect(again.status).toBe(200);
    expect(again.text).toBe('');
  });
});
