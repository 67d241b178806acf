import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { AppError } from '../../src/errors.ts';
import type { LoadJob, LoadMessage, LoadResult } from '../load-client.ts';
import { REPO_ROOT } from './processes.ts';

export type { LoadJob, LoadResult } from '../load-client.ts';

/** The autocannon process (bench/load-client.ts), reused for every load phase of a run. */
export class LoadGenerator {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(path.join(REPO_ROOT, 'bench', 'load-client.ts'), [], {
      cwd: REPO_ROOT,
      env: {},
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  async run(job: LoadJob): Promise<LoadResult> {
    const answered = once(this.child, 'message') as Promise<[LoadMessage]>;
    this.child.send(job);
    const [message] = await answered;
    if (message.type === 'error') throw new AppError('bench_load', `load generator: ${message.message}`);
    return message.result;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    await exited;
  }
}
