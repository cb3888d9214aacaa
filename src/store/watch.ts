// Wake up when another process commits to the database, without polling: inotify (fs.watch) on the
// database directory fires when the WAL file is written. A slow safety tick covers file systems
// without change notification. The callback should call Luudong.refresh(), which is one cheap PRAGMA
// when nothing changed.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export function watchDatabase(file: string, onChange: () => void, opts: { debounceMs?: number; safetyMs?: number } = {}): () => void {
  const name = basename(file);
  const debounceMs = opts.debounceMs ?? 15;
  // A writer's WAL frames raise the events, but the commit becomes visible only when it updates the
  // shared-memory index, which is mapped memory and raises none. Under load (a slow fsync) the first
  // look can come before that: look again after a while, so a call reaches the board at once rather
  // than at the safety tick. Each look is one PRAGMA when nothing changed.
  const looks = [debounceMs, 120, 600];
  let timers: NodeJS.Timeout[] = [];
  const fire = () => {
    for (const t of timers) clearTimeout(t);
    timers = looks.map((ms) => setTimeout(onChange, ms));
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, f) => {
      if (!f || f.toString().startsWith(name)) fire();
    });
    watcher.on('error', () => undefined);
  } catch {
    watcher = undefined;
  }
  const safety = setInterval(onChange, opts.safetyMs ?? (watcher ? 5000 : 1000));
  safety.unref();
  return () => {
    watcher?.close();
    clearInterval(safety);
    for (const t of timers) clearTimeout(t);
  };
}
