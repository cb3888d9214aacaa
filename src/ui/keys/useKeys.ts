// The one input router: stdin is read once (through Ink), each event passes the keyboard-wedge
// router (a scanner typing through the terminal is a scan, never keys: src/core/scan/wedge.ts), and
// what is typed is split into keys for the single handler the root screen installs. Nothing else in
// the UI listens to stdin.
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { decidedOnly, WedgeRouter, type WedgeOptions } from '../../core/scan/wedge.js';
import { splitKeys, type Key } from './keys.js';

/** `onScan` absent: scans are dropped (a burst must never fire the screen's command keys). */
export function useKeyRouter(handler: (key: Key) => void, onScan?: (text: string) => void, wedge?: Partial<WedgeOptions>): void {
  const { internal_eventEmitter: emitter, setRawMode, isRawModeSupported } = useStdin();
  const ref = useRef({ handler, onScan });
  ref.current = { handler, onScan };
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    const router = new WedgeRouter(wedge);
    let timer: NodeJS.Timeout | undefined;
    const deliver = (outs: ReturnType<WedgeRouter['push']>) => {
      for (const o of decidedOnly(outs)) {
        if (o.kind === 'scan') ref.current.onScan?.(o.text);
        else for (const k of splitKeys(o.raw)) ref.current.handler(k);
      }
      // Held text is decided when the input goes quiet: one timer, only while something is held.
      clearTimeout(timer);
      const wait = router.pendingMs(performance.now());
      if (wait !== null) timer = setTimeout(() => deliver(router.flushIfQuiet(performance.now())), wait + 1);
    };
    const onInput = (raw: string) => deliver(router.push(raw, performance.now()));
    emitter.on('input', onInput);
    return () => {
      clearTimeout(timer);
      emitter.off('input', onInput);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [emitter, setRawMode, isRawModeSupported, wedge?.gapMs, wedge?.minLength, wedge?.prefix, wedge?.suffix]);
}
