// Long jobs the hub does for a workstation's counter screen: the handover bundle (made and signed on
// the hub, where the vehicle's key and the dossiers' files are) and the poster of a planned trip.
// A call to the hub is answered within moments (src/hub/link.ts blocks its caller), so such a job
// is started by one call, looked at by others until it is done, and its files fetched in pieces;
// the workstation writes them where its operator sits (the stick in front of them) and, for a
// handover, asks the hub to record it then (src/hub/remotePaper.ts). Jobs are kept per workstation
// for an hour at most; a hub restarted forgets them (the workstation is told and starts again).
import { closeSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DomainError } from '../core/errors.js';
import type { PreparedHandover } from '../app/handover.js';

/** A piece of a file sent in one answer (base64 in the frame: about a third more). */
export const CHUNK_BYTES = 256 * 1024;
const KEEP_MS = 3600_000;
const STAGE_PREFIX = '.handover-out-';

export interface StagedFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** What a workstation learns of a finished job. */
export type JobOutcome =
  | { kind: 'handover'; files: StagedFile[]; dossiers: number; attachments: number; handedOver: number }
  | { kind: 'poster'; name: string; data: string };

interface Job {
  workstation: string;
  at: number;
  state: 'running' | 'done' | 'failed';
  error?: unknown;
  outcome?: JobOutcome;
  /** A handover's bundle, staged on the hub until recorded or dropped. */
  prepared?: PreparedHandover;
  files?: StagedFile[];
}

export class PaperJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(
    /** Where the hub stages bundles: beside its database. */
    readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {
    // Bundles staged before the hub stopped are nobody's now (their jobs were in its memory).
    try {
      for (const n of readdirSync(dir)) if (n.startsWith(STAGE_PREFIX)) rmSync(join(dir, n), { recursive: true, force: true });
    } catch {
      // no folder yet: nothing staged
    }
  }

  /** A fresh folder for a bundle (it must not exist yet: the job makes it). */
  stage(): string {
    return join(this.dir, `${STAGE_PREFIX}${randomBytes(6).toString('hex')}`);
  }

  /** Start a job for `workstation`; its id. `run` has checked what it must (the guard) before it returned. */
  start(workstation: string, run: Promise<{ outcome: JobOutcome; prepared?: PreparedHandover; files?: StagedFile[] }>): string {
    this.sweep();
    const id = randomBytes(12).toString('hex');
    const job: Job = { workstation, at: this.now(), state: 'running' };
    this.jobs.set(id, job);
    run.then(
      (r) => {
        job.state = 'done';
        job.outcome = r.outcome;
        if (r.prepared) job.prepared = r.prepared;
        if (r.files) job.files = r.files;
        // dropped while it ran: nothing to keep
        if (!this.jobs.has(id)) this.clean(job);
      },
      (e: unknown) => {
        job.state = 'failed';
        job.error = e;
      },
    );
    return id;
  }

  private job(workstation: string, id: string): Job {
    const j = this.jobs.get(id);
    // another workstation's job is not found, as one that never was
    if (!j || j.workstation !== workstation) throw new DomainError('err.paper.jobLost', {});
    return j;
  }

  /** Where a job stands: null while it runs, its outcome when done; a failed job's error is thrown. */
  status(workstation: string, id: string): JobOutcome | null {
    const j = this.job(workstation, id);
    if (j.state === 'running') return null;
    if (j.state === 'failed') {
      this.jobs.delete(id);
      throw j.error;
    }
    // a poster is handed over whole with its outcome: nothing more to keep
    if (!j.prepared) this.jobs.delete(id);
    return j.outcome as JobOutcome;
  }

  /** A piece of a staged file of a finished handover, by its path in the bundle (only those listed). */
  chunk(workstation: string, id: string, path: string, offset: number): { data: string; end: boolean } {
    const j = this.job(workstation, id);
    const f = j.files?.find((x) => x.path === path);
    if (!j.prepared || !f || offset < 0 || offset > f.bytes) throw new DomainError('err.paper.jobLost', {});
    const size = Math.min(CHUNK_BYTES, f.bytes - offset);
    const buf = Buffer.alloc(size);
    const fd = openSync(join(j.prepared.stage, ...path.split('/')), 'r');
    try {
      let got = 0;
      while (got < size) {
        const n = readSync(fd, buf, got, size - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return { data: buf.subarray(0, got).toString('base64'), end: offset + got >= f.bytes };
    } finally {
      closeSync(fd);
    }
  }

  /** The prepared handover of a finished job, taken (recorded next); the job is forgotten. */
  take(workstation: string, id: string): PreparedHandover {
    const j = this.job(workstation, id);
    if (j.state !== 'done' || !j.prepared) throw new DomainError('err.paper.jobLost', {});
    this.jobs.delete(id);
    return j.prepared;
  }

  /** The workstation gave up (its stick, say): the staged bundle is removed, nothing recorded. */
  drop(workstation: string, id: string): void {
    const j = this.jobs.get(id);
    if (!j || j.workstation !== workstation) return;
    this.jobs.delete(id);
    this.clean(j);
  }

  private clean(j: Job): void {
    if (j.prepared) rmSync(j.prepared.stage, { recursive: true, force: true });
  }

  /** Jobs left over an hour (a workstation that went away): forgotten, their stages removed. */
  private sweep(): void {
    const old = this.now() - KEEP_MS;
    for (const [id, j] of this.jobs) {
      if (j.at >= old || j.state === 'running') continue;
      this.jobs.delete(id);
      this.clean(j);
    }
  }
}
