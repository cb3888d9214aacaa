// The end-of-trip handover to the commune's one-stop office, on disk: exporting a trip's dossiers as
// a signed bundle (layout and manifest in src/core/handover.ts) and verifying a bundle that came back.
//
// Export writes everything into a hidden folder, flushes it to disk, puts it in place (renamed, or
// moved up into an empty target folder), and only then records the handover in one transaction (the
// dossiers still "received" become "handed over", with the same time, person and note the bundle
// already shows). A failure leaves no bundle and changes nothing; a bundle that exists was
// recorded. Large trips stream: JSON Lines written line by line, files copied and hashed as streams,
// a few at a time.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Citizen } from '../core/citizen.js';
import type { Lang } from '../core/lang.js';
import type { Dossier, DossierEvent } from '../core/dossier.js';
import type { DossierState } from '../core/lifecycle.js';
import type { Office } from '../core/office.js';
import { DomainError } from '../core/errors.js';
import {
  ATTACHMENTS_DIR, attachmentPath, buildManifest, checkManifest, citizenRecord, CITIZENS_FILE, CONTROL_FILE, groupFingerprint, compareBundle, dossierRecord, DOSSIERS_FILE, eventRecord, EVENTS_FILE, isIntact, LOG_FILE,
  MANIFEST_FILE, PUBLIC_KEY_FILE, serializeManifest, SIGNATURE_FILE, type AttachmentRecord, type BundleDiff, type FoundFile, type Manifest, type ManifestFile,
} from '../core/handover.js';
import { cleanText } from '../core/text.js';
import type { Trip } from '../core/trip.js';
import type { Translate } from '../i18n/index.js';
import type { AuditHead } from '../store/audit.js';
import { writeFileDurably } from '../store/durable.js';
import type { DossierFile } from '../store/files.js';
import type { Handover } from '../store/handovers.js';
import type { Tx } from '../store/types.js';
import type { RecordedChange } from './dossiers.js';
import { checkSignature, fingerprint, readPublicKey, signManifest, vehicleKey } from './handoverKey.js';
import type { FormDoc } from '../core/print/form.js';
import { controlForm, handoverForm } from './forms/model.js';
import type { OnProgress } from './progress.js';

/** What a handover reads and records (Luudong is one). */
export interface HandoverContext {
  now(): number;
  /** The logged-in operator's name (null without logins): who the log says handed over, not --by. */
  actorName(): string | null;
  /** The audit chain's head, also kept beside the database: the manifest carries it as an anchor. */
  auditAnchor(): AuditHead | null;
  /** One IMMEDIATE transaction after catching up with other processes (Luudong.write). */
  write<T>(fn: (tx: Tx) => T): T;
  currentTrip(): Trip | undefined;
  lastTrip(): Trip | undefined;
  getTrip(id: number): Trip | undefined;
  citizen(id: string): Citizen | undefined;
  /** The office a trip, or a dossier, belongs to (OfficeDesk). */
  readonly offices: {
    ofTrip(trip: Trip | undefined): Office;
    ofDossier(d: Dossier, trip: Trip | undefined): Office;
  };
  readonly dossiers: {
    tripDossierIds(tripId: number): number[];
    byId(id: number): Dossier | undefined;
    events(d: Dossier): DossierEvent[];
    /** The files kept with a dossier as they are on disk now. */
    currentFiles(dossierId: number): DossierFile[];
    /** A lifecycle step, refused unless allowed (DossierDesk.setState). */
    setState(code: string, to: DossierState, note: string | null, recorded: RecordedChange): Dossier;
    /** Record the bundle exported, inside the transaction that hands its dossiers over. */
    recordHandover(tx: Tx, h: Omit<Handover, 'id'>): number;
    handoverList(limit: number): Handover[];
  };
  /** The centre's outbox: with a centre enrolled, a bundle exported goes there too (src/app/sync.ts). */
  readonly outbox: {
    enrolled(): boolean;
    /** Inside the transaction that records the handover. */
    addBundle(uuid: string, at: number, files: readonly { path: string; content: Uint8Array }[]): void;
  };
}


/** Files copied or hashed at once: enough to overlap the disk's waits, few enough for 2 cores. */
const PARALLEL = 4;

export interface ExportOptions {
  /** The bundle's folder: must not exist yet, or be empty; its parent must exist (the stick mounted). */
  dir: string;
  /** Default: the open trip, else the last one. */
  tripId?: number;
  /** Who receives; default: the commune's one-stop office, by the office's name in data/office.json. */
  toOffice?: string;
  /** The name printed on the record as the one handing over (free text); default: the logged-in
   * operator, else the trip's first. The audit log records the logged-in operator whatever this says. */
  by?: string;
  dbFile: string;
  fontsDir: string;
  /** The handover record's language. */
  t: Translate;
  lang: Lang;
  onProgress?: OnProgress;
}

export interface ExportResult {
  dir: string;
  id: string;
  at: number;
  trip: Trip;
  toOffice: string;
  by: string;
  counts: Manifest['counts'];
  /** Dossiers moved from received to handed over by this handover. */
  handedOver: number;
  /** All files of the bundle, the envelope included. */
  bytes: number;
  manifestSha256: string;
  fingerprint: string;
  keyCreated: boolean;
}

interface Digest {
  bytes: number;
  sha256: string;
}

export async function exportHandover(app: HandoverContext, opts: ExportOptions): Promise<ExportResult> {
  tripToHand(app, opts.tripId);
  const target = resolve(opts.dir);
  const { stage, into } = stageFor(target);
  let made: PreparedHandover;
  try {
    made = await prepareHandover(app, { ...opts, stage });
  } catch (e) {
    throw diskError(e, target);
  }
  const published = placeBundle(stage, target, into);
  return recordHandover(app, made, target, () => unpublish(target, into, published), opts.onProgress);
}

/**
 * Put a finished stage in place at `target` (see stageFor); what exists because of it, to take away
 * again if the handover cannot be recorded. A failure leaves neither the stage nor a part of it.
 */
export function placeBundle(stage: string, target: string, into: boolean): string[] {
  const published: string[] = [];
  try {
    publish(stage, target, into, published);
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    unpublish(target, into, published);
    throw diskError(e, target);
  }
  return published;
}

/** The trip handed over (default: the open one, else the last) and its dossiers; refused when there are none. */
function tripToHand(app: HandoverContext, tripId: number | undefined): { trip: Trip; ids: number[] } {
  const trip = tripId !== undefined ? app.getTrip(tripId) : (app.currentTrip() ?? app.lastTrip());
  if (!trip) throw tripId !== undefined ? new DomainError('err.tripNotFound', { id: tripId }) : new DomainError('err.handover.noTrip');
  const ids = app.dossiers.tripDossierIds(trip.id);
  if (ids.length === 0) throw new DomainError('err.handover.empty', { trip: trip.id });
  return { trip, ids };
}

/** A bundle written into its stage, signed, not yet recorded (see exportHandover). */
export interface PreparedHandover {
  stage: string;
  id: string;
  at: number;
  trip: Trip;
  toOffice: string;
  by: string;
  actor: string;
  ids: number[];
  written: Written;
  /** The bundle's files for the centre's outbox, read from the stage (null: no centre enrolled). */
  forCentre: { path: string; content: Buffer }[] | null;
  fingerprint: string;
  keyCreated: boolean;
}

/**
 * Where a bundle for `target` is staged: a hidden folder beside it, renamed into place once
 * complete; into an empty folder that exists (the root of a stick cannot be renamed over), one
 * inside it, moved up. `target` must have passed checkTarget.
 */
export function stageFor(target: string): { stage: string; into: boolean } {
  const into = checkTarget(target);
  const tag = `partial-${process.pid}-${randomBytes(3).toString('hex')}`;
  return { stage: into ? join(target, `.${tag}`) : join(dirname(target), `.${basename(target)}.${tag}`), into };
}

/**
 * Write a trip's signed bundle into `stage` (made here; it must not exist), recording nothing. A
 * failure leaves no stage (its error as it came: diskError says it for the target). The hub makes a workstation's bundle this way, the workstation then
 * copies the files onto its own stick and asks for it to be recorded (src/hub/remotePaper.ts).
 */
export async function prepareHandover(app: HandoverContext, opts: Omit<ExportOptions, 'dir'> & { stage: string }): Promise<PreparedHandover> {
  const { trip, ids } = tripToHand(app, opts.tripId);
  const key = vehicleKey(opts.dbFile, { create: false });
  const at = app.now();
  // Who did it, for the log: the logged-in operator (or, without logins, the one named), never --by.
  const actor = app.actorName() ?? (trip.operators[0] as string);
  const by = cleanText(opts.by ?? '') || actor;
  const toOffice = cleanText(opts.toOffice ?? '') || opts.t('hov.defaultOffice', { agency: app.offices.ofTrip(trip).agencyName[opts.lang] });
  const id = randomUUID();
  const { stage } = opts;
  try {
    mkdirSync(stage, { mode: 0o700 });
    const written = await writeBundle(app, { ...opts, dir: stage, stage, trip, ids, at, by, actor, toOffice, id, key, audit: app.auditAnchor() });
    const forCentre = outboxFiles(app, stage);
    return { stage, id, at, trip, toOffice, by, actor, ids, written, forCentre, fingerprint: key.fingerprint, keyCreated: key.created };
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Record a prepared bundle, now that it is on disk at `dir`: the dossiers still "received" become
 * "handed over" and the handover is kept, in one transaction. If that cannot be done, `undo` takes
 * the bundle away again (a bundle that exists was recorded).
 */
export function recordHandover(app: HandoverContext, p: PreparedHandover, dir: string, undo: () => void, onProgress?: OnProgress): ExportResult {
  const { written, at, actor, toOffice, id, trip, ids, by } = p;
  onProgress?.('saving', 0, written.handedOver.length);
  try {
    app.write((tx) => {
      written.handedOver.forEach((code, i) => {
        try {
          app.dossiers.setState(code, 'handed_over', toOffice, { at, operator: actor });
        } catch (e) {
          // Changed by another desk while the bundle was written: the bundle would say otherwise.
          if (e instanceof DomainError && e.code === 'err.dossier.transition') throw new DomainError('err.handover.changed', { code });
          throw e;
        }
        if (i % 500 === 0) onProgress?.('saving', i, written.handedOver.length);
      });
      app.dossiers.recordHandover(tx, { uuid: id, at, tripId: trip.id, toOffice, by, operator: actor, dossiers: ids.length, manifestSha256: written.manifestSha256, keyFingerprint: p.fingerprint });
      // Enrolled with a centre: the same bundle waits in the outbox to go there (src/app/sync.ts).
      if (p.forCentre) app.outbox.addBundle(id, at, p.forCentre);
    });
  } catch (e) {
    undo();
    throw e;
  }
  onProgress?.('saving', written.handedOver.length, written.handedOver.length);
  return { dir, id, at, trip, toOffice, by, counts: written.counts, handedOver: written.handedOver.length, bytes: written.bytes, manifestSha256: written.manifestSha256, fingerprint: p.fingerprint, keyCreated: p.keyCreated };
}

/** The files of a staged bundle, with their size and hash (paths with '/'), the manifest last. */
export async function stagedFiles(stage: string): Promise<{ path: string; bytes: number; sha256: string }[]> {
  const out: { path: string; bytes: number; sha256: string }[] = [];
  const walk = async (rel: string) => {
    for (const e of readdirSync(join(stage, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push({ path: p, ...(await hashFile(join(stage, ...p.split('/')))) });
    }
  };
  await walk('');
  return out.sort((a, b) => Number(a.path === MANIFEST_FILE) - Number(b.path === MANIFEST_FILE));
}

/**
 * The target must be new, in a folder that exists (false), or an empty folder (true: the bundle is
 * written into it).
 */
export function checkTarget(target: string): boolean {
  let st;
  try {
    st = statSync(target);
  } catch {
    try {
      if (statSync(dirname(target)).isDirectory()) return false;
    } catch {
      // reported below
    }
    throw new DomainError('err.handover.noParent', { dir: dirname(target) });
  }
  if (!st.isDirectory() || readdirSync(target).length > 0) throw new DomainError('err.handover.exists', { dir: target });
  return true;
}

/**
 * Put the finished bundle in place, durably, noting in `published` what exists because of it (to
 * be taken away again on a failure). Moved up from inside the target, the manifest goes last: a
 * bundle without one is never taken for complete.
 */
function publish(stage: string, target: string, into: boolean, published: string[]): void {
  if (!into) {
    renameSync(stage, target);
    published.push(target);
    fsyncPath(dirname(target));
    return;
  }
  const names = readdirSync(stage).sort((a, b) => Number(a === MANIFEST_FILE) - Number(b === MANIFEST_FILE));
  for (const name of names) {
    renameSync(join(stage, name), join(target, name));
    published.push(join(target, name));
  }
  rmSync(stage, { recursive: true });
  fsyncPath(target);
}

/** Take a published bundle away again (its handover could not be recorded), leaving the target's folder. */
export function unpublish(target: string, into: boolean, published: readonly string[]): void {
  for (const p of into ? [...published].reverse() : published) rmSync(p, { recursive: true, force: true });
  if (published.length > 0) fsyncPath(into ? target : dirname(target));
}

export interface Written {
  counts: Manifest['counts'];
  handedOver: string[];
  bytes: number;
  manifestSha256: string;
}

interface BundleJob extends ExportOptions {
  stage: string;
  trip: Trip;
  ids: number[];
  at: number;
  by: string;
  /** The logged-in operator: the one the dossiers' events name. */
  actor: string;
  /** The audit chain's head when the bundle is made (into the manifest). */
  audit: AuditHead | null;
  toOffice: string;
  id: string;
  key: ReturnType<typeof vehicleKey>;
}

async function writeBundle(app: HandoverContext, job: BundleJob): Promise<Written> {
  const { stage, trip, ids, at, by, actor, toOffice, lang } = job;
  const progress = job.onProgress ?? (() => undefined);
  const files: ManifestFile[] = [];
  const dataDir = dirname(resolve(job.dbFile));
  const copies: { src: string; path: string; sha256: string; code: string; stored: string }[] = [];
  const citizens = new Set<string>();
  const handedOver: string[] = [];
  // The handover list and each dossier's control slip, as the dossiers stand once handed over.
  const listed: Dossier[] = [];
  const controls: FormDoc[] = [];
  const office = app.offices.ofTrip(trip);
  let events = 0;

  // Dossiers and their events, one line each, as they will stand once the handover is recorded.
  const dossiersOut = new LineFile(join(stage, DOSSIERS_FILE));
  const eventsOut = new LineFile(join(stage, EVENTS_FILE));
  for (let i = 0; i < ids.length; i++) {
    const stored = app.dossiers.byId(ids[i] as number) as Dossier;
    const handing = stored.state === 'received';
    const d: Dossier = handing ? { ...stored, state: 'handed_over', stateAt: at } : stored;
    const attachments: AttachmentRecord[] = app.dossiers.currentFiles(d.id).map((f) => {
      const path = attachmentPath(d.code, f.path);
      copies.push({ src: resolve(dataDir, f.path), path, sha256: f.sha256, code: d.code, stored: f.path });
      return { kind: f.kind, item: f.item === null ? null : f.item + 1, path, mime: f.mime, bytes: f.bytes, sha256: f.sha256 };
    });
    await dossiersOut.write(dossierRecord(d, attachments));
    const history: DossierEvent[] = app.dossiers.events(stored);
    if (handing) {
      history.push({ at, from: 'received', to: 'handed_over', operator: actor, note: toOffice });
      handedOver.push(d.code);
    }
    for (const e of history) await eventsOut.write(eventRecord(d.code, e));
    events += history.length;
    citizens.add(d.citizenId);
    listed.push(d);
    controls.push(controlForm(d, history, app.offices.ofDossier(d, trip), toOffice));
    if (i % 200 === 0) progress('records', i, ids.length);
  }
  files.push({ path: DOSSIERS_FILE, ...(await dossiersOut.close()) }, { path: EVENTS_FILE, ...(await eventsOut.close()) });
  progress('records', ids.length, ids.length);

  const citizensOut = new LineFile(join(stage, CITIZENS_FILE));
  for (const cid of [...citizens].sort()) {
    const c = app.citizen(cid);
    if (c) await citizensOut.write(citizenRecord(c));
  }
  files.push({ path: CITIZENS_FILE, ...(await citizensOut.close()) });

  // Attachments, copied and hashed in one pass; a file that is gone or no longer matches the hash
  // it was stored with stops the handover, naming it (the office must not get a damaged scan).
  let copied = 0;
  await eachLimited(copies, PARALLEL, async (c) => {
    const dst = join(stage, ...c.path.split('/'));
    await mkdir(dirname(dst), { recursive: true, mode: 0o700 });
    let got: Digest;
    try {
      got = await copyHashed(c.src, dst);
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT' && (e as { path?: string }).path === c.src) throw new DomainError('err.handover.attachmentMissing', { code: c.code, path: c.stored });
      throw e;
    }
    if (got.sha256 !== c.sha256) throw new DomainError('err.handover.damaged', { code: c.code, path: c.stored });
    files.push({ path: c.path, ...got });
    if (++copied % 100 === 0) progress('attachments', copied, copies.length);
  });
  if (copies.length > 0) progress('attachments', copies.length, copies.length);

  files.push({ path: PUBLIC_KEY_FILE, ...writeSmall(join(stage, PUBLIC_KEY_FILE), job.key.publicPem) });

  // The handover list (Danh sách bàn giao hồ sơ) to print and sign, and the control slips (Phiếu
  // kiểm soát quá trình giải quyết hồ sơ), one page each, travelling with the dossiers.
  const list = handoverForm({ dossiers: listed, citizens: (id) => app.citizen(id), office, trip, by, toOffice, at, keyFingerprint: groupFingerprint(job.key.fingerprint) });
  // pdfkit (and the fontkit inside it, a megabyte of code) loads only for an export, not with every command.
  const { writeFormsPdf } = await import('./print/formPdf.js');
  const pdf = hashingSink(join(stage, LOG_FILE));
  await Promise.all([writeFormsPdf([list], job.fontsDir, pdf.input, { createdAt: new Date(at), onRows: (n) => progress('log', n, listed.length * 2) }), pdf.done]);
  files.push({ path: LOG_FILE, ...(await pdf.done) });
  const slips = hashingSink(join(stage, CONTROL_FILE));
  await Promise.all([writeFormsPdf(controls, job.fontsDir, slips.input, { createdAt: new Date(at), onRows: (n) => progress('log', listed.length + Math.min(n, listed.length), listed.length * 2) }), slips.done]);
  files.push({ path: CONTROL_FILE, ...(await slips.done) });

  const counts = { dossiers: ids.length, citizens: citizens.size, events, attachments: copies.length };
  const manifest = buildManifest({
    id: job.id,
    createdAt: new Date(at).toISOString(),
    from: { agencyCode: office.agencyCode, unit: office.unitName[lang], by },
    to: { office: toOffice },
    trip: { id: trip.id, commune: trip.commune, place: trip.place, date: trip.date },
    counts,
    key: { algorithm: 'ed25519', fingerprint: job.key.fingerprint, file: PUBLIC_KEY_FILE },
    files,
    // The audit chain's head as the bundle is made: an anchor outside the vehicle's file, signed.
    ...(job.audit ? { audit: { entry: job.audit.entries, head: job.audit.mac } } : {}),
  });
  const manifestBytes = Buffer.from(serializeManifest(manifest));
  const signed = writeSmall(join(stage, MANIFEST_FILE), manifestBytes);
  const sig = writeSmall(join(stage, SIGNATURE_FILE), signManifest(job.key.privateKey, manifestBytes));
  syncTree(stage);
  return { counts, handedOver, bytes: files.reduce((n, f) => n + f.bytes, 0) + signed.bytes + sig.bytes, manifestSha256: signed.sha256 };
}

/**
 * With a centre to send bundles to: the bundle's files but its attachments (those are found by hash
 * among the dossiers' stored files when the centre asks for them), read back from the stage.
 */
function outboxFiles(app: Pick<HandoverContext, 'outbox'>, stage: string): { path: string; content: Buffer }[] | null {
  if (!app.outbox.enrolled()) return null;
  const out: { path: string; content: Buffer }[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(stage, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (p !== ATTACHMENTS_DIR) walk(p);
      } else if (e.isFile()) out.push({ path: p, content: readFileSync(join(stage, p)) });
    }
  };
  walk('');
  return out;
}

/** The latest handovers, newest first. */
export function listHandovers(app: Pick<HandoverContext, 'dossiers'>, limit = 100): Handover[] {
  return app.dossiers.handoverList(limit);
}

// ---- verify ----------------------------------------------------------------------------------------

export interface VerifyReport {
  dir: string;
  manifest: Pick<Manifest, 'id' | 'createdAt' | 'from' | 'to' | 'trip' | 'counts'>;
  diff: BundleDiff;
  /** 'missing': no manifest.sig. */
  signature: 'ok' | 'bad' | 'missing';
  /** Whose key checked the signature: the office's kept copy (--key) or the bundle's own. */
  keySource: 'office' | 'bundle';
  keyFingerprint: string;
  ok: boolean;
}

/**
 * Check a bundle: every listed file present with its size and hash, nothing else in the folder,
 * and manifest.json signed by `keyFile` (the office's copy of the vehicle's key) or, without one,
 * by the bundle's own vehicle.pub.pem, which proves only that nothing changed after signing.
 */
export async function verifyHandover(dir: string, opts: { keyFile?: string; onProgress?: OnProgress } = {}): Promise<VerifyReport> {
  const root = resolve(dir);
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new DomainError('err.handover.noDir', { dir: root });
  }
  let manifestBytes: Buffer;
  try {
    manifestBytes = readFileSync(join(root, MANIFEST_FILE));
  } catch (e) {
    throw new DomainError('err.handover.manifest', { detail: `${MANIFEST_FILE}: ${(e as Error).message}` });
  }
  let json: unknown;
  try {
    json = JSON.parse(manifestBytes.toString('utf8'));
  } catch (e) {
    throw new DomainError('err.handover.manifest', { detail: (e as Error).message });
  }
  const manifest = checkManifest(json);

  const keySource = opts.keyFile ? 'office' : 'bundle';
  const key = readPublicKey(opts.keyFile ?? join(root, PUBLIC_KEY_FILE));
  let signature: VerifyReport['signature'] = 'missing';
  try {
    signature = checkSignature(key, manifestBytes, readFileSync(join(root, SIGNATURE_FILE), 'utf8')) ? 'ok' : 'bad';
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e;
  }

  const entries = listTree(root);
  const found: FoundFile[] = [];
  let hashed = 0;
  await eachLimited(entries, PARALLEL, async (f) => {
    // Anything but a plain file (a link, a device) is never read: it cannot match a listed file.
    found.push(f.regular ? { path: f.path, ...(await hashFile(join(root, f.path))) } : { path: f.path, bytes: -1, sha256: '' });
    if (++hashed % 100 === 0) opts.onProgress?.('hashing', hashed, entries.length);
  });
  opts.onProgress?.('hashing', entries.length, entries.length);
  const diff = compareBundle(manifest.files, found);
  const { id, createdAt, from, to, trip, counts } = manifest;
  return { dir: root, manifest: { id, createdAt, from, to, trip, counts }, diff, signature, keySource, keyFingerprint: fingerprint(key), ok: signature === 'ok' && isIntact(diff) };
}

/** Every entry under `root` but directories, as '/'-separated relative paths. */
function listTree(root: string): { path: string; regular: boolean }[] {
  const out: { path: string; regular: boolean }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else out.push({ path: relative(root, abs).split(sep).join('/'), regular: e.isFile() });
    }
  };
  walk(root);
  return out;
}

// ---- files -------------------------------------------------------------------------------------------

/** A file written through a hash: `input` takes the bytes; `done` gives size and SHA-256 once written. */
function hashingSink(path: string): { input: Writable; done: Promise<Digest> } {
  const hash = createHash('sha256');
  let bytes = 0;
  const input = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const done = pipeline(input, createWriteStream(path, { flags: 'wx', mode: 0o600 })).then(() => ({ bytes, sha256: hash.digest('hex') }));
  done.catch(() => undefined); // awaited by the caller; this only keeps an early failure from going unhandled
  return { input, done };
}

/** JSON Lines, one value a line, written with the stream's back-pressure (never one big string). */
class LineFile {
  private readonly sink: ReturnType<typeof hashingSink>;
  constructor(path: string) {
    this.sink = hashingSink(path);
  }
  async write(value: unknown): Promise<void> {
    if (!this.sink.input.write(JSON.stringify(value) + '\n')) await once(this.sink.input, 'drain');
  }
  close(): Promise<Digest> {
    this.sink.input.end();
    return this.sink.done;
  }
}

async function copyHashed(src: string, dst: string): Promise<Digest> {
  const sink = hashingSink(dst);
  await Promise.all([pipeline(createReadStream(src), sink.input), sink.done]);
  return sink.done;
}

async function hashFile(path: string): Promise<Digest> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

function writeSmall(path: string, content: string | Uint8Array): Digest {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  writeFileDurably(path, bytes);
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Run `fn` over the items, `limit` at a time. The first failure stops the others from taking more;
 * it is thrown once those under way have finished (so nothing writes into a folder being removed).
 */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * Everything written under `dir` onto the disk before the handover is recorded. One syncfs of the
 * file system (`sync -f`, coreutils) instead of an fsync per file: on a USB stick thousands of
 * fsyncs take minutes. Where `sync -f` is not available, each file and folder is synced.
 */
export function syncTree(dir: string): void {
  if (spawnSync('sync', ['-f', dir], { stdio: 'ignore' }).status === 0) return;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.isFile()) fsyncPath(join(d, e.name));
    }
    fsyncPath(d);
  };
  walk(dir);
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A full disk or stick, said as such; other errors as they are. */
export function diskError(e: unknown, target: string): unknown {
  const code = (e as { code?: string }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') return new DomainError('err.handover.diskFull', { dir: dirname(target) });
  if (code === 'ENOTEMPTY' || code === 'EEXIST') return new DomainError('err.handover.exists', { dir: target });
  return e;
}
