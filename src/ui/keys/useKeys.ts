// The input reader as a React hook. The terminal comes from KeyInputContext (the runner gives
// process.stdin there and Ink a stdin it never reads); without one, from Ink's stdin (tests, where
// ink-testing-library's stdin emits 'data' like a terminal). One reader per mounted screen root.
import { useStdin } from 'ink';
import { createContext, useContext, useEffect, useRef } from 'react';
import type { WedgeOptions } from '../../core/scan/wedge.js';
import { KeyReader, type InputStream, type KeySink } from './input.js';
import type { Key } from './keys.js';

export interface KeyInput {
  stream: InputStream;
  /** The terminal's output, to switch bracketed paste on and off. */
  terminal?: { write(s: string): unknown };
}

export const KeyInputContext = createContext<KeyInput | null>(null);

/**
 * Keys and scans for a screen root. With `sink.typed` the keys of an undecided burst come at once
 * (echo: true) and the sink takes them back on a scan; a plain `(key) => void` gets decided keys only.
 */
export function useKeys(sink: KeySink | ((key: Key) => void), wedge?: Partial<WedgeOptions>): void {
  const ink = useStdin();
  const given = useContext(KeyInputContext);
  const input: KeyInput = given ?? { stream: ink.stdin as unknown as InputStream };
  const ref = useRef(sink);
  ref.current = sink;
  const echo = typeof sink !== 'function';
  useEffect(() => {
    const call = (): KeySink => {
      const s = ref.current;
      return typeof s === 'function' ? { key: (k) => s(k), typed: () => undefined, scan: () => undefined } : s;
    };
    const reader = new KeyReader(
      input.stream,
      {
        key: (k, e) => call().key(k, e),
        typed: () => call().typed(),
        scan: (text, tookBack) => call().scan(text, tookBack),
        settled: () => call().settled?.(),
      },
      { echo, ...(wedge ? { wedge } : {}), ...(input.terminal ? { terminal: input.terminal } : {}) },
    );
    reader.start();
    return () => reader.stop();
  }, [input.stream, input.terminal, echo, wedge?.gapMs, wedge?.minLength, wedge?.prefix, wedge?.suffix, wedge?.maxLength]);
}
