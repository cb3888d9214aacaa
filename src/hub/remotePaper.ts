// The end of a trip on paper at a workstation (D and M on its counter screen): the files go where
// the operator sits, on the stick plugged into the laptop in front of them (or beside the
// workstation's folder when none is in). The hub makes them (./paperJobs.ts): the handover bundle
// signed with the vehicle's key, from the dossiers and their files kept there; the workstation
// fetches them in pieces, checks each against the size and hash the hub gave, puts the bundle in
// place as `handover export` does, and only then asks the hub to record the handover. If that is
// refused, the bundle is taken away again: a bundle that exists was recorded.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DomainError } from '../core/errors.js';
import type { Trip } from '../core/trip.js';
import { MANIFEST_FILE } from '../core/handover.js';
import { diskError, placeBundle, stageFor, syncTree, unpublish } from '../app/handover.js';
import type { Operator } from '../app/operators.js';
import { handoverFolder, paperBase, posterFolder, savePoster, type HandoverDone, type PaperTarget, type TripPaperOps } from '../app/tripPaper.js';
import type { JobOutcome, StagedFile } from './paperJobs.js';

type Call = (method: string, args: unknown[], write?: boolean) => unknown;

/** How often a job on the hub is looked at while it runs (the screen answers keys meanwhile). */
const POLL_MS = 150;
/** A job that has not finished in this long is given up (a bundle of a whole trip takes far less). */
const JOB_MS = 15 * 60_000;

/** How long the record of a handover is asked again over a link that dropped, and how often. */
const RECORD_MS = 30_000;
const RETRY_MS = 500;
const LINK_TROUBLE = new Set(['err.hub.pending', 'err.hub.down', 'err.hub.timeout']);

const breathe = (ms = 0) => new Promise<void>((r) => setTimeout(r, ms));

export class RemotePaper implements TripPaperOps {
  constructor(
    private readonly call: Call,
    private readonly getTrip: (id: number) => Trip | undefined,
    /** The workstation's folder: where files go when no stick is in. */
    private readonly folder: string,
    /** A job ended on the hub (records may have changed there). */
    private readonly ended: () => void = () => undefined,
    private readonly sysRoot?: string,
  ) {}

  private base(): PaperTarget {
    return paperBase(this.folder, this.sysRoot);
  }

  handoverTarget(tripId: number): PaperTarget {
    const trip = this.getTrip(tripId);
    if (!trip) throw new DomainError('err.tripNotFound', { id: tripId });
    return handoverFolder(this.base(), trip);
  }

  posterTarget(): PaperTarget {
    return posterFolder(this.base());
  }

  /** Wait for a job on the hub, looking every POLL_MS; its outcome, or the refusal it ended with. */
  private async wait(id: string): Promise<JobOutcome> {
    const until = Date.now() + JOB_MS;
    for (;;) {
      let r: JobOutcome | null;
      try {
        r = this.call('paper.job', [id]) as JobOutcome | null;
      } catch (e) {
        this.ended();
        throw e;
      }
      if (r) {
        this.ended();
        return r;
      }
      if (Date.now() > until) throw new DomainError('err.paper.jobLost', {});
      await breathe(POLL_MS);
    }
  }

  async exportHandover(input: { tripId: number; dir: string; approver?: Operator }): Promise<HandoverDone> {
    const dir = input.dir.trim();
    if (!dir) throw new DomainError('err.paper.noDir', {});
    const target = resolve(dir);
    // The stick and the folder are checked before the hub makes anything.
    const { stage, into } = stageFor(target);
    const token = (input.approver as (Operator & { approval?: string }) | undefined)?.approval;
    const id = this.call('paper.handoverStart', [input.tripId, token ?? null], true) as string;
    let files: StagedFile[];
    try {
      const done = await this.wait(id);
      if (done.kind !== 'handover') throw new DomainError('err.paper.jobLost', {});
      files = done.files;
      await this.fetch(id, files, stage);
    } catch (e) {
      rmSync(stage, { recursive: true, force: true });
      this.dropQuietly(id);
      throw diskError(e, target);
    }
    let published: string[];
    try {
      published = placeBundle(stage, target, into);
    } catch (e) {
      this.dropQuietly(id);
      throw e;
    }
    // Recorded now. A link that drops here: asked again for a while (the same request id, so it is
    // applied once); refused, the bundle is taken away again; still not known after that, it stays
    // where it is and the operator is told to look on the hub (it may have been recorded).
    const until = Date.now() + RECORD_MS;
    let unsure = false;
    for (;;) {
      try {
        const done = this.call('paper.handoverRecord', [id, target], true) as HandoverDone;
        this.ended();
        return done;
      } catch (e) {
        const code = e instanceof DomainError ? e.code : '';
        if (code === 'err.hub.pending') unsure = true;
        if (LINK_TROUBLE.has(code) && Date.now() < until) {
          await breathe(RETRY_MS);
          continue;
        }
        if (unsure && LINK_TROUBLE.has(code)) throw new DomainError('err.paper.unsure', { dir: target });
        unpublish(target, into, published);
        throw e;
      }
    }
  }

  /** Every file of the bundle into `stage`, each checked against its size and hash; the manifest last; then synced. */
  private async fetch(id: string, files: readonly StagedFile[], stage: string): Promise<void> {
    mkdirSync(stage, { mode: 0o700 });
    const ordered = [...files].sort((a, b) => Number(a.path === MANIFEST_FILE) - Number(b.path === MANIFEST_FILE));
    for (const f of ordered) {
      // Paths come from the hub: only plain relative paths inside the bundle are written.
      const parts = f.path.split('/');
      if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))) throw new DomainError('err.paper.transfer', { file: f.path });
      const dst = join(stage, ...parts);
      mkdirSync(dirname(dst), { recursive: true, mode: 0o700 });
      const fd = openSync(dst, 'wx', 0o600);
      const hash = createHash('sha256');
      let offset = 0;
      try {
        for (;;) {
          const piece = this.call('paper.chunk', [id, f.path, offset]) as { data: string; end: boolean };
          const buf = Buffer.from(piece.data, 'base64');
          if (offset + buf.length > f.bytes) throw new DomainError('err.paper.transfer', { file: f.path });
          writeSync(fd, buf);
          hash.update(buf);
          offset += buf.length;
          if (piece.end || buf.length === 0) break;
          // the screen answers keys between two pieces
          await breathe();
        }
      } finally {
        closeSync(fd);
      }
      if (offset !== f.bytes || hash.digest('hex') !== f.sha256) throw new DomainError('err.paper.transfer', { file: f.path });
    }
    syncTree(stage);
  }

  private dropQuietly(id: string): void {
    try {
      this.call('paper.drop', [id], true);
    } catch {
      // the hub forgets it within the hour
    }
  }

  async writePoster(planId: number, dir: string): Promise<string> {
    if (!dir.trim()) throw new DomainError('err.paper.noDir', {});
    const id = this.call('paper.posterStart', [planId], true) as string;
    const done = await this.wait(id);
    if (done.kind !== 'poster' || !/^[\w.-]{1,80}\.pdf$/.test(done.name)) throw new DomainError('err.paper.jobLost', {});
    return savePoster(dir, done.name, Buffer.from(done.data, 'base64'));
  }
}
