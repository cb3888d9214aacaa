import { useCallback, useEffect, useState } from 'react';
import type { CounterApp } from '../app/counterApp.js';

/** Calls `onChange` when another process commits to the database (the runner watches the file). */
export type WatchDatabase = (onChange: () => void) => () => void;

/**
 * The app's revision as React state: it moves when this process acts (call `bump` after an action)
 * or when another process commits (through `watch`). Views memoise on it.
 */
export function useAppRevision(app: CounterApp, watch: WatchDatabase | undefined): [number, () => void] {
  const [rev, setRev] = useState(() => {
    app.refresh();
    return app.revision;
  });
  const bump = useCallback(() => setRev(app.revision), [app]);
  useEffect(() => {
    if (!watch) return;
    return watch(() => {
      // a read elsewhere may have caught the change up already: the revision says what is new
      app.refresh();
      setRev(app.revision);
    });
  }, [app, watch]);
  return [rev, bump];
}
