// The one input router: stdin is read once (through Ink), each event split into keys and handed to
// the single handler the root screen installs. Nothing else in the UI listens to stdin.
import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { splitKeys, type Key } from './keys.js';

export function useKeyRouter(handler: (key: Key, burst: string) => void): void {
  const { internal_eventEmitter: emitter, setRawMode, isRawModeSupported } = useStdin();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    const onInput = (raw: string) => {
      for (const k of splitKeys(raw)) ref.current(k, raw);
    };
    emitter.on('input', onInput);
    return () => {
      emitter.off('input', onInput);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [emitter, setRawMode, isRawModeSupported]);
}
