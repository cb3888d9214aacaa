// @ts-nocheck
import { useCallback, useEffect, useState } from 'react';
import type { Luudong } from '../app/luudong.js';
import { watchDatabase } from '../store/watch.js';

/**
 * The app's revision as React state: it moves when this process acts (call `bump` after an action)
 * or when another process commits to the watched database file. Views memoise on it.
 */
export function useAppRevision(app: Luudong, watchFile: string | undefined): [number, () => void] {
  const [rev, setRev] = useState(() => {
    app.refresh();
    return app.revision;
  });
  const bump = useCallback(() => setRev(app.revision), [app]);
  useEffect(() => {
    if (!watchFile) return;
    return watchDatabase(watchFile, () => {
      if (app.refresh()) setRev(app.revision);
    });
  }, [app, watchFile]);
  return [rev, bump];
}
