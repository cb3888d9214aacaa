// The rating keypad in front of the citizen, whatever drives it: drivers/rater/hid.ts (a small USB
// keypad or any second keyboard, taken from the system so its keys never reach the operator's
// screen). It says which answer key (1-5) was pressed, and when it comes and goes.

/**
 * - connected: read, and its keys reach nobody else;
 * - disconnected: not found or gone (unplugged): looked for again every second;
 * - busy: another program of this machine holds it (another luudong process reads it);
 * - notExclusive: found, but it cannot be taken from the system's keyboard driver, so it is NOT
 *   read (its keys would also reach the operator's screen); the detail says why (KeypadRefusal).
 */
export type RaterState = 'connected' | 'disconnected' | 'busy' | 'notExclusive';

/** Why a keypad could not be taken for itself: no permission on its USB device, no libusb, refused. */
export type KeypadRefusal = 'access' | 'noLibusb' | 'refused';

export interface RatingKeypad {
  readonly name: string;
  /** Start listening; keeps trying to (re)connect until stop(). `onKey` gets 1-5. */
  start(onKey: (digit: number) => void, onState?: (s: RaterState, detail?: string) => void): void;
  stop(): Promise<void>;
}
