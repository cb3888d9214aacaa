// @ts-nocheck
// What the printer transports share: time limits, one job at a time, the reading of DLE EOT answers
// on a two-way link (serial port, TCP socket) and the check of the printer before and after a job,
// and what a failed file operation means to the operator.
import { isStatusByte, parseStatus, STATUS_QUERIES, statusFailure, statusRequest, type StatusQuery } from '../../src/core/print/status.js';
import { PrinterError, type PrinterStatus } from '../../src/ports/printer.js';

/** Default wait for the answer to one DLE EOT query. */
export const STATUS_TIMEOUT_MS = 1500;

/** `op`, unless `ms` pass first: then the error from `onTimeout`. The timer never outlives the call. */
export function timeLimit<T>(op: Promise<T>, ms: number, onTimeout: () => PrinterError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    op.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** Runs tasks one after another: two jobs on one printer must never interleave their bytes. */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * One open connection to a printer that answers DLE EOT: the bytes it sends back, and whether the
 * connection has broken. Once broken it stays broken; the transport opens a new one.
 */
export class PrinterLink {
  private answers: number[] = [];
  private wake: (() => void) | null = null;
  private failure: PrinterError | null = null;
  private breakWith: (e: PrinterError) => void = () => undefined;
  /** Rejects when the link breaks; raced against every wait so nothing waits on a dead link. */
  private readonly broken: Promise<never>;

  constructor() {
    this.broken = new Promise<never>((_, reject) => {
      this.breakWith = reject;
    });
    this.broken.catch(() => undefined); // nobody may be waiting when it breaks
  }

  get failed(): PrinterError | null {
    return this.failure;
  }

  /** Bytes from the printer, in whatever pieces they arrive; anything not a status answer is dropped. */
  received(chunk: Uint8Array): void {
    for (const b of chunk) if (isStatusByte(b)) this.answers.push(b);
    if (this.answers.length > 0) this.wake?.();
  }

  break(e: PrinterError): void {
    if (this.failure) return;
    this.failure = e;
    this.breakWith(e);
  }

  /** `op`, unless the link breaks or `ms` pass first. */
  within<T>(op: Promise<T>, ms: number, onTimeout: () => PrinterError): Promise<T> {
    return timeLimit(Promise.race([op, this.broken]), ms, onTimeout);
  }

  /** Forget answers not asked for now (e.g. late ones to an earlier query that timed out). */
  discardAnswers(): void {
    this.answers = [];
  }

  /** The next answer byte, waiting up to `ms` for it. */
  nextAnswer(n: StatusQuery, ms: number): Promise<number> {
    const arrived = new Promise<number>((resolve) => {
      const take = () => {
        const b = this.answers.shift();
        if (b === undefined) return false;
        this.wake = null;
        resolve(b);
        return true;
      };
      if (!take()) this.wake = () => void take();
    });
    return this.within(arrived, ms, () => {
      this.wake = null;
      return new PrinterError('timeout', `no answer to DLE EOT ${n} within ${ms} ms`);
    });
  }
}

/** What the job check needs from an open two-way link. */
export interface TwoWayIO {
  link: PrinterLink;
  /** Hand bytes to the link; resolves once the operating system has taken them. */
  send(bytes: Uint8Array): Promise<void>;
  /** Resolves once everything sent has left the computer. */
  drain(): Promise<void>;
  statusTimeoutMs: number;
}

/** The printer's state from DLE EOT 1, 2 and 4, asked one at a time so each answer is known. */
export async function readStatus(io: TwoWayIO): Promise<PrinterStatus> {
  const answers: number[] = [];
  for (const n of STATUS_QUERIES) {
    io.link.discardAnswers();
    await io.send(statusRequest(n));
    answers.push(await io.link.nextAnswer(n, io.statusTimeoutMs));
  }
  const [b1 = 0, b2 = 0, b4 = 0] = answers;
  return parseStatus(b1, b2, b4);
}

function refuseUnlessReady(s: PrinterStatus): void {
  const failure = statusFailure(s);
  if (failure) throw new PrinterError(failure);
}

/**
 * Send a job the way the spooler can trust: nothing at all to a printer that cannot print, and a
 * success only if the printer is still fine once it has every byte.
 */
export async function printChecked(io: TwoWayIO, bytes: Uint8Array, chunkSize: number): Promise<void> {
  refuseUnlessReady(await readStatus(io));
  // In pieces, each under its own time limit: a stalled or vanished printer is noticed mid-job.
  for (let at = 0; at < bytes.length; at += chunkSize) await io.send(bytes.subarray(at, at + chunkSize));
  await io.drain();
  refuseUnlessReady(await readStatus(io));
}

/**
 * Send a job without asking the printer's state (its option statusCheck is off: a print box that
 * never answers DLE EOT). Only a broken link or a stalled write is noticed; paper out is not.
 */
export async function printUnchecked(io: TwoWayIO, bytes: Uint8Array, chunkSize: number): Promise<void> {
  for (let at = 0; at < bytes.length; at += chunkSize) await io.send(bytes.subarray(at, at + chunkSize));
  await io.drain();
}

/** Node's error code, if the error has one. */
export function errorCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

const MISSING = new Set(['ENOENT', 'ENODEV', 'ENXIO', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EBUSY']);

/** A failed open or write of a device or file: not there (or not ours) is 'unreachable', the rest 'io'. */
export function fsFailure(e: unknown, path: string): PrinterError {
  if (e instanceof PrinterError) return e;
  const code = errorCode(e);
  const detail = `${path}: ${e instanceof Error ? e.message : String(e)}`;
  return new PrinterError(code !== undefined && MISSING.has(code) ? 'unreachable' : 'io', detail);
}
