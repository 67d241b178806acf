import { setImmediate as nextTurn } from 'node:timers/promises';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { Workdir } from '../lib/apps.ts';
import type { Row } from '../lib/format.ts';

export interface ClaimSettings {
  /** Event-loop turns measured for each batch size. */
  turns: number;
  /** Claims a turn in the busy case: the ack benchmark's 50 connections read in one turn. */
  perTurn: number;
}

/** CPU µs of this process for `turns` event-loop turns, making `perTurn` claims in each. */
async function cpuOfTurns(file: string, turns: number, perTurn: number): Promise<number> {
  const store = openSqliteStore(file);
  try {
    await Promise.all(Array.from({ length: perTurn }, (_, j) => store.claimOnce(`command:warm.${j}`)));
    const before = process.cpuUsage();
    for (let turn = 0; turn < turns; turn++) {
      const claims = Array.from({ length: perTurn }, (_, j) => store.claimOnce(`command:${turn}.${j}`));
      await Promise.all(claims);
      await nextTurn();
    }
    const used = process.cpuUsage(before);
    return used.user + used.system;
  } finally {
    await store.close();
  }
}

/** CPU µs per claim, less what the same turns cost without claims (in a real app other work shares them). */
async function cpuPerClaim(work: Workdir, turns: number, perTurn: number): Promise<number> {
  const empty = await cpuOfTurns(work.newDatabase(), turns, 0);
  return ((await cpuOfTurns(work.newDatabase(), turns, perTurn)) - empty) / (turns * perTurn);
}

/**
 * Measurement 9: what a one-time claim (one per command and per click, src/store/sqlite/claim-batch.ts)
 * costs the SQLite store in CPU, alone in its turn and among `perTurn` made in the same turn, when
 * they share one transaction. In this process, on a file of the run's work directory.
 */
export async function measureClaims(work: Workdir, settings: ClaimSettings): Promise<Row[]> {
  const alone = await cpuPerClaim(work, settings.turns * settings.perTurn, 1);
  const together = await cpuPerClaim(work, settings.turns, settings.perTurn);
  return [
    {
      id: 'claims.sqlite.cpu_us_alone',
      measure: '9 one-time claim (SQLite): CPU per claim, one claim in its turn',
      value: `${alone.toFixed(1)} µs`,
      num: alone,
      unit: 'µs',
      note: `${settings.turns * settings.perTurn} claims, each its own transaction (an empty turn's CPU taken out)`,
    },
    {
      id: 'claims.sqlite.cpu_us_batched',
      measure: `9 one-time claim (SQLite): CPU per claim, ${settings.perTurn} claims in one turn`,
      value: `${together.toFixed(1)} µs`,
      num: together,
      unit: 'µs',
      note: `${settings.turns} turns, one transaction each; ${(alone / together).toFixed(1)}× less than alone`,
    },
  ];
}
