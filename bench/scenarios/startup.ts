import { startOurApp, type Workdir } from '../lib/apps.ts';
import { startFakes } from '../lib/fakes.ts';

/**
 * Measurement 5: `node dist/src/main.js` (compiled, as in production) from spawn to the first /healthz 200, each time with a new
 * SQLite file (so migrations run), against idle fakes. Sequential, nothing else running.
 */
export async function measureStartup(work: Workdir, launches: number): Promise<number[]> {
  const fakes = await startFakes();
  const samples: number[] = [];
  try {
    for (let i = 0; i < launches; i++) {
      const app = await startOurApp(fakes, work);
      samples.push(app.startupMs);
      await app.stop();
    }
  } finally {
    await fakes.close();
  }
  return samples;
}
