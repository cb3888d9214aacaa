// The database watcher: a commit becomes visible to readers only when the writer updates the WAL's
// shared-memory index (mapped memory: no file event), which can come well after the WAL frames
// whose writes raised the event. The watcher must look again, not wait for the 5-second safety tick.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchDatabase } from '../../src/store/watch.js';

describe('watchDatabase', () => {
  it('sees a commit that becomes visible some time after the WAL was written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-watch-'));
    const db = join(dir, 'luudong.db');
    writeFileSync(db, '');
    let visible = 0; // what a reader's PRAGMA data_version would show
    let seen = 0;
    let seenAt = 0;
    const start = Date.now();
    const stop = watchDatabase(db, () => {
      if (visible !== seen) {
        seen = visible;
        seenAt = Date.now() - start;
      }
    });
    try {
      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(`${db}-wal`, 'frames'); // the event
      setTimeout(() => (visible = 1), 80); // the index updated 80 ms later (a slow fsync)
      const until = Date.now() + 2000;
      while (seen === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      expect(seen).toBe(1);
      expect(seenAt).toBeLessThan(1500);
    } finally {
      stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('files of other databases in the same folder do not wake it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-watch-'));
    const db = join(dir, 'luudong.db');
    writeFileSync(db, '');
    let calls = 0;
    const stop = watchDatabase(db, () => calls++);
    try {
      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(join(dir, 'other.db-wal'), 'x');
      await new Promise((r) => setTimeout(r, 800));
      expect(calls).toBe(0);
      writeFileSync(`${db}-wal`, 'x');
      await new Promise((r) => setTimeout(r, 800));
      expect(calls).toBeGreaterThan(0);
    } finally {
      stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
