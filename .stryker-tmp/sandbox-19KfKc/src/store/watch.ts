// @ts-nocheck
// Wake up when another process commits to the database, without polling: inotify (fs.watch) on the
// database directory fires when the WAL file is written. A slow safety tick covers file systems
// without change notification. The callback should call Luudong.refresh(), which is one cheap PRAGMA
// when nothing changed.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export function watchDatabase(file: string, onChange: () => void, opts: { debounceMs?: number; safetyMs?: number } = {}): () => void {
  const name = basename(file);
  const debounceMs = opts.debounceMs ?? 15;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
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
    if (timer) clearTimeout(timer);
  };
}
