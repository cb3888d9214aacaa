// @ts-nocheck
import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Columns and rows of the terminal, updated on resize. */
export function useTerminalSize(): { cols: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ cols: Math.max(40, stdout.columns || 80), rows: Math.max(12, stdout.rows || 24) });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const on = () => setSize(read());
    stdout.on('resize', on);
    return () => {
      stdout.off('resize', on);
    };
  }, [stdout]);
  return size;
}

/** The current time, ticking once a minute on the minute (no busy timers). */
export function useMinuteClock(now: () => number): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    let timer: NodeJS.Timeout;
    const schedule = () => {
      const ms = 60_000 - (now() % 60_000) + 5;
      timer = setTimeout(() => {
        setT(now());
        schedule();
      }, ms);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [now]);
  return t;
}
