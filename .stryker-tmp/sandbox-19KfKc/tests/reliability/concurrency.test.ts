// @ts-nocheck
// No database error reaches anyone while every front door works on one database at once (issue 7):
// the counter screen (driven with keys in tmux), the citizens' board (in tmux), `luudong
// print-worker`, and two CLI loops (a kiosk issuing tickets and receiving dossiers, a second desk
// calling, serving and receiving), for a minute. Each CLI answer, each pane and the worker's log are
// checked as they come; at the end every acknowledged action must be in the database, each print
// job on paper exactly once, the file whole (lib/concurrency-harness.ts). The ten-minute run of the
// issue is bench/concurrency.mjs, with its figures in bench/RESULTS.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/build.js';
import { concurrencyHarness } from './lib/concurrency-harness.js';

const SECONDS = Number(process.env.LUUDONG_LOAD_SECONDS ?? 60);
const dir = mkdtempSync(join(tmpdir(), 'luudong-load-'));
let failed = true; // the files stay for a look when the test fails
afterAll(() => failed || rmSync(dir, { recursive: true, force: true }));

describe('every front door on one database', () => {
  it(`${SECONDS} s of load: no error reaches a user, nothing acknowledged is lost`, async () => {
    const run = await concurrencyHarness({ root: ROOT, dir, seconds: SECONDS, seed: 11 });
    expect(run.problems, `files in ${dir}`).toEqual([]);
    // The load was real: the screen went through whole cycles, both desks served, the kiosk issued.
    // (Here a cycle of the screen takes about 2 s, a CLI run 0.5-1 s under this load.)
    expect(run.tui.received).toBeGreaterThanOrEqual(SECONDS / 10);
    expect(run.cli['queue issue']?.n ?? 0).toBeGreaterThanOrEqual(SECONDS / 5);
    expect(run.cli['queue finish']?.n ?? 0).toBeGreaterThanOrEqual(SECONDS / 10);
    failed = false;
    console.log(`load: ${run.seconds.toFixed(0)} s, screen ${JSON.stringify(run.tui)}, CLI ${JSON.stringify(run.cli)}, ${run.refusals} refusals (nobody waiting), ${run.tickets} tickets, ${run.dossiers} dossiers, ${run.jobsPrinted} printouts, ${run.boardCaptures} board captures`);
  }, (SECONDS + 240) * 1000);
});
