// The hub SIGKILLed five times during a busy morning of three workstations (lib/hub-morning-harness.ts).
// At CI size here (60 tickets, 24 receipts); LUUDONG_HUB_MORNING=full runs the size (300
// tickets, 100 receipts), as bench/hub-morning.mjs does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hubMorning } from './lib/hub-morning-harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'luudong-hub-morning-'));
let failed = true;
afterAll(() => failed || rmSync(dir, { recursive: true, force: true }));
const full = process.env.LUUDONG_HUB_MORNING === 'full';

describe('the hub killed during a busy morning', () => {
  it('no ticket called twice, no code given twice, every acknowledged action kept, every slip printed once or marked interrupted', async () => {
    const run = await hubMorning({ root: ROOT, dir, tickets: full ? 300 : 60, receipts: full ? 100 : 24, kills: 5, seed: Number(process.env.LUUDONG_CRASH_SEED ?? 11) });
    expect(run.problems, `files in ${dir}`).toEqual([]);
    expect(run.kills).toBe(5);
    expect(run.dossiers).toBeGreaterThanOrEqual(full ? 100 : 24);
    failed = false;
    console.log(`hub-morning: ${run.acks} acknowledged, ${run.dossiers} dossiers, ${run.kills} kills, back in ${run.outagesMs.map((m) => (m / 1000).toFixed(1)).join('/')} s, slips ${JSON.stringify(run.slips)}, ${run.seconds.toFixed(1)} s`);
  }, 600_000);
});
