// @ts-nocheck
// Speech through espeak-ng (Debian package espeak-ng) with its Vietnamese voice. With `outDir`, each
// utterance is written to a WAV file instead of the sound card (for tests and for checking the voice).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Speaker } from '../../src/ports/speech.js';

export interface EspeakOptions {
  voice?: string;
  /** Words per minute; elderly listeners need it slower than the default 175. */
  speed?: number;
  outDir?: string;
  binary?: string;
}

export function espeakAvailable(binary = 'espeak-ng'): boolean {
  const r = spawnSync(binary, ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

export function createEspeakSpeaker(opts: EspeakOptions = {}): Speaker {
  const binary = opts.binary ?? 'espeak-ng';
  const available = espeakAvailable(binary);
  let chain: Promise<void> = Promise.resolve();
  let n = 0;
  const speakOne = (text: string) =>
    new Promise<void>((resolve) => {
      const args = ['-v', opts.voice ?? 'vi', '-s', String(opts.speed ?? 140)];
      if (opts.outDir) args.push('-w', join(opts.outDir, `call-${String(++n).padStart(4, '0')}.wav`));
      args.push('--', text);
      const child = spawn(binary, args, { stdio: 'ignore' });
      child.on('error', () => resolve());
      child.on('exit', () => resolve());
    });
  return {
    available,
    say(text: string) {
      if (!available) return Promise.resolve();
      chain = chain.then(() => speakOne(text));
      return chain;
    },
  };
}
