// @ts-nocheck
// Reading calls aloud for citizens who cannot read the board from their chair.
export interface Speaker {
  /** False when no speech engine is installed: a warning for the operator, never an error. */
  readonly available: boolean;
  /** Queue an utterance; utterances never overlap. Resolves when it has been spoken (or failed). */
  say(text: string): Promise<void>;
}
