// How a long use case (a handover's export or check, an office's update file) reports its progress,
// for the CLI's progress line. A module of its own: the use cases share it, and the CLI should not
// have to import the handover's code to name it.
export type Phase = 'records' | 'attachments' | 'log' | 'saving' | 'hashing' | 'checking' | 'applying';
export type OnProgress = (phase: Phase, done: number, total: number) => void;
