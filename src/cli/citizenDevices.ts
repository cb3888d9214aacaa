// The citizen's devices of a process that holds the vehicle's database (issue 18): the text-message
// sender (the modem) and the rating keypads. Started the same way by the counter screen (`luudong
// tui`), the headless hub (`luudong hub`) and `luudong print-worker`, whichever run on the machine
// the devices are plugged into: each device is taken by the first process that opens it (the
// modem's port is locked, a keypad's kernel driver detached), the others stand by and take over
// when that process ends. Modems and keypads of another machine (their host set) are left alone.
import type { Luudong } from '../app/luudong.js';
import type { SenderEvent } from '../app/sms/sender.js';
import type { Translate } from '../i18n/index.js';
import type { RatingKeypad } from '../ports/rater.js';
import { watchDatabase } from '../store/watch.js';

export type NoticeLevel = 'info' | 'ok' | 'error';

export interface CitizenDevices {
  /** Something may have been queued (a commit here or in another process). */
  wake(): void;
  stop(): Promise<void>;
}

export interface CitizenDeviceOptions {
  /** A line for the operator: the log of a service, the status line of the counter screen. */
  say: (line: string, level: NoticeLevel, event?: SenderEvent) => void;
  /** Wake the sender on other processes' commits (a service; the counter screen wakes it itself). */
  watch?: boolean;
  /** Tests: the keypads' driver. */
  keypad?: (name: string, target: string) => RatingKeypad;
}

/**
 * What of it the counter screen's status line shows: what the operator must act on or wants to
 * see at once (a keypad not used and why, a keypad gone, a rating recorded, a message failed or
 * held), not the routine (a keypad connected, a message sent, the modem's signal), which would
 * push a standing problem off the line.
 */
export function forStatusLine(show: (text: string, level: NoticeLevel) => void): CitizenDeviceOptions['say'] {
  return (text, level, e) => {
    if (level === 'info') return;
    if (e && e.kind !== 'failed' && e.kind !== 'interrupted') return;
    show(text, level);
  };
}

export async function startCitizenDevices(app: Luudong, file: string, t: Translate, o: CitizenDeviceOptions): Promise<CitizenDevices> {
  const { newSmsSender, describeSmsEvent } = await import('./smsCommands.js');
  const sender = await newSmsSender(app, file, (e) => o.say(describeSmsEvent(t, e), e.kind === 'failed' || e.kind === 'interrupted' || e.kind === 'problem' ? 'error' : e.kind === 'sent' ? 'ok' : 'info', e));
  sender.start();
  const { startKeypads } = await import('./raterCommands.js');
  const stopKeypads = await startKeypads(app, t, (line, level) => o.say(line, level), o.keypad);
  const unwatch = o.watch
    ? watchDatabase(file, () => {
        app.refresh();
        sender.wake();
      })
    : () => undefined;
  return {
    wake: () => sender.wake(),
    stop: async () => {
      unwatch();
      await sender.stop();
      await stopKeypads();
    },
  };
}
