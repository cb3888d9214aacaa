// The rating keypad in front of the citizen, whatever drives it: drivers/rater/hid.ts (a small USB
// keypad or any second keyboard, taken from the system so its keys never reach the operator's
// screen). It says which answer key (1-5) was pressed, and when it comes and goes.

export type RaterState = 'connected' | 'disconnected';

export interface RatingKeypad {
  readonly name: string;
  /** Start listening; keeps trying to (re)connect until stop(). `onKey` gets 1-5. */
  start(onKey: (digit: number) => void, onState?: (s: RaterState, detail?: string) => void): void;
  stop(): Promise<void>;
}
