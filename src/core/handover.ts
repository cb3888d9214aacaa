// The end-of-trip handover bundle to the commune's one-stop office (Bộ phận một cửa), as pure data:
// what the bundle holds and where, the versioned manifest (every file with its size and SHA-256)
// and its checks, the comparison of a manifest with the files found on disk, and the JSON Lines
// records of dossiers, citizens and events. Reading and writing files, hashing and signing are the
// app's (src/app/handover.ts); nothing here does I/O.
//
// Layout of a bundle (paths use '/', relative to the bundle's folder):
//   manifest.json        this manifest; manifest.sig: its Ed25519 signature (base64), the envelope
//   vehicle.pub.pem      the vehicle's public key (the office should check with the copy it keeps)
//   dossiers.jsonl       one dossier per line, with its attachments' paths in the bundle
//   citizens.jsonl       one citizen per line (the people the dossiers are for)
//   events.jsonl         every state change of those dossiers, oldest first per dossier
//   handover-log.pdf     the handover list on A4 (danh sách bàn giao hồ sơ), to print and sign
//   control-slips.pdf    each dossier's control slip (phiếu kiểm soát quá trình giải quyết hồ sơ), a
//                        page each (added with issue 14: format version 1 still, a file more in the
//                        manifest; a reader that knows only the others verifies it like any file)
//   attachments/CODE/…   the dossier's stored files (scans, its A4 slip), copied byte for byte
import type { Citizen } from './citizen.js';
import type { Dossier, DossierEvent } from './dossier.js';
import { DomainError } from './errors.js';

export const HANDOVER_FORMAT = 'luudong-handover';
export const MANIFEST_VERSION = 1;

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
export const PUBLIC_KEY_FILE = 'vehicle.pub.pem';
export const DOSSIERS_FILE = 'dossiers.jsonl';
export const CITIZENS_FILE = 'citizens.jsonl';
export const EVENTS_FILE = 'events.jsonl';
export const LOG_FILE = 'handover-log.pdf';
export const CONTROL_FILE = 'control-slips.pdf';
export const ATTACHMENTS_DIR = 'attachments';

/** The manifest and its signature wrap the bundle; they are not listed in the manifest itself. */
export const ENVELOPE: readonly string[] = [MANIFEST_FILE, SIGNATURE_FILE];

export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface Manifest {
  format: typeof HANDOVER_FORMAT;
  version: typeof MANIFEST_VERSION;
  /** Names this handover in the vehicle's records (the handovers table). */
  id: string;
  createdAt: string;
  from: { agencyCode: string; unit: string; by: string };
  to: { office: string };
  trip: { id: number; commune: string; place: string; date: string };
  counts: { dossiers: number; citizens: number; events: number; attachments: number };
  /** The key that signs manifest.json; the fingerprint is the SHA-256 of its DER (SPKI) form. */
  key: { algorithm: 'ed25519'; fingerprint: string; file: typeof PUBLIC_KEY_FILE };
  files: ManifestFile[];
  /**
   * The vehicle's audit chain as the bundle was made: how many entries, and the last one's MAC (32
   * hex digits). An anchor outside the vehicle's file: `luudong audit verify --anchor <bundle>`
   * proves nothing logged up to it was changed, removed or rebuilt since. Absent in older bundles.
   */
  audit?: { entry: number; head: string };
}

export type ManifestInput = Omit<Manifest, 'format' | 'version' | 'files'> & { files: readonly ManifestFile[] };

const AUDIT_HEAD = /^[0-9a-f]{32}$/;

/**
 * A path fit for a bundle: relative, '/'-separated, no '.', '..' or empty parts, no backslash or
 * control character. A manifest is read from a stick that came back: its paths must not lead out.
 */
export function isSafeBundlePath(p: string): boolean {
  if (p === '' || p.length > 512 || /[\\\x00-\x1f\x7f]/.test(p) || p.startsWith('/')) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/**
 * Where a dossier's stored file goes in the bundle: attachments/CODE/ and the stored file's own name
 * (a content hash for scans, slip.pdf for the slip), so one dossier's files never collide.
 */
export function attachmentPath(code: string, storedPath: string): string {
  const name = storedPath.split(/[\\/]/).pop() ?? '';
  const p = `${ATTACHMENTS_DIR}/${code}/${name}`;
  if (!isSafeBundlePath(p)) throw new Error(`handover: a stored file unfit for a bundle: ${JSON.stringify(storedPath)} of ${code}`);
  return p;
}

const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function buildManifest(input: ManifestInput): Manifest {
  const files = [...input.files].sort(byPath);
  for (let i = 1; i < files.length; i++) if (files[i]?.path === files[i - 1]?.path) throw new Error(`handover: ${files[i]?.path} listed twice`);
  return { format: HANDOVER_FORMAT, version: MANIFEST_VERSION, ...input, files };
}

/** The manifest's bytes as signed: stable key order (as built), two-space indent, final newline. */
export function serializeManifest(m: Manifest): string {
  return JSON.stringify(m, null, 2) + '\n';
}

const SHA256 = /^[0-9a-f]{64}$/;

/** A key fingerprint in groups of four, to be read out over the phone and compared by eye. */
export function groupFingerprint(fp: string): string {
  const [algo, hex] = fp.includes(':') ? (fp.split(':', 2) as [string, string]) : ['', fp];
  return `${algo ? `${algo}: ` : ''}${(hex.match(/.{1,4}/g) ?? []).join(' ')}`;
}

/**
 * Check a parsed manifest.json; refused with err.handover.manifest naming what is wrong, or
 * err.handover.version for a bundle of another format version.
 */
export function checkManifest(json: unknown): Manifest {
  const bad = (detail: string): never => {
    throw new DomainError('err.handover.manifest', { detail });
  };
  const obj = (v: unknown, at: string): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : bad(`${at}: not an object`));
  const str = (v: unknown, at: string): string => (typeof v === 'string' && v !== '' ? v : bad(`${at}: not a text`));
  const int = (v: unknown, at: string): number => (Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : bad(`${at}: not a whole number`));
  const m = obj(json, '$');
  if (m.format !== HANDOVER_FORMAT) bad(`$.format: not ${HANDOVER_FORMAT}`);
  if (m.version !== MANIFEST_VERSION) throw new DomainError('err.handover.version', { version: String(m.version), known: MANIFEST_VERSION });
  const from = obj(m.from, '$.from');
  const trip = obj(m.trip, '$.trip');
  const counts = obj(m.counts, '$.counts');
  const key = obj(m.key, '$.key');
  if (key.algorithm !== 'ed25519') bad('$.key.algorithm: not ed25519');
  if (key.file !== PUBLIC_KEY_FILE) bad(`$.key.file: not ${PUBLIC_KEY_FILE}`);
  if (!Array.isArray(m.files)) bad('$.files: not a list');
  const seen = new Set<string>();
  const files = (m.files as unknown[]).map((f, i) => {
    const o = obj(f, `$.files[${i}]`);
    const path = str(o.path, `$.files[${i}].path`);
    if (!isSafeBundlePath(path) || ENVELOPE.includes(path)) bad(`$.files[${i}].path: ${JSON.stringify(path)} is not a path inside the bundle`);
    if (seen.has(path)) bad(`$.files[${i}].path: ${path} listed twice`);
    seen.add(path);
    const sha256 = str(o.sha256, `$.files[${i}].sha256`);
    if (!SHA256.test(sha256)) bad(`$.files[${i}].sha256: not a SHA-256 in hex`);
    return { path, bytes: int(o.bytes, `$.files[${i}].bytes`), sha256 };
  });
  let audit: Manifest['audit'];
  if (m.audit !== undefined) {
    const a = obj(m.audit, '$.audit');
    const head = str(a.head, '$.audit.head');
    if (!AUDIT_HEAD.test(head)) bad('$.audit.head: not 32 hex digits');
    audit = { entry: int(a.entry, '$.audit.entry'), head };
  }
  return {
    format: HANDOVER_FORMAT,
    version: MANIFEST_VERSION,
    id: str(m.id, '$.id'),
    createdAt: str(m.createdAt, '$.createdAt'),
    from: { agencyCode: str(from.agencyCode, '$.from.agencyCode'), unit: str(from.unit, '$.from.unit'), by: str(from.by, '$.from.by') },
    to: { office: str(obj(m.to, '$.to').office, '$.to.office') },
    trip: { id: int(trip.id, '$.trip.id'), commune: str(trip.commune, '$.trip.commune'), place: str(trip.place, '$.trip.place'), date: str(trip.date, '$.trip.date') },
    counts: { dossiers: int(counts.dossiers, '$.counts.dossiers'), citizens: int(counts.citizens, '$.counts.citizens'), events: int(counts.events, '$.counts.events'), attachments: int(counts.attachments, '$.counts.attachments') },
    key: { algorithm: 'ed25519', fingerprint: str(key.fingerprint, '$.key.fingerprint'), file: PUBLIC_KEY_FILE },
    files,
    ...(audit ? { audit } : {}),
  };
}

export interface FoundFile {
  path: string;
  bytes: number;
  sha256: string;
}

export interface BundleDiff {
  /** Listed in the manifest, not in the folder. */
  missing: string[];
  /** Present, but the content differs from the manifest's size or hash. */
  altered: string[];
  /** In the folder, not in the manifest (the envelope excepted). */
  extra: string[];
  /** Listed and unchanged. */
  matching: number;
}

/** Compare the manifest's list with the files found in the bundle's folder. */
export function compareBundle(listed: readonly ManifestFile[], found: readonly FoundFile[]): BundleDiff {
  const onDisk = new Map(found.map((f) => [f.path, f]));
  const diff: BundleDiff = { missing: [], altered: [], extra: [], matching: 0 };
  for (const f of listed) {
    const got = onDisk.get(f.path);
    if (!got) diff.missing.push(f.path);
    else if (got.sha256 !== f.sha256 || got.bytes !== f.bytes) diff.altered.push(f.path);
    else diff.matching++;
  }
  const names = new Set(listed.map((f) => f.path));
  for (const f of found) if (!names.has(f.path) && !ENVELOPE.includes(f.path)) diff.extra.push(f.path);
  diff.missing.sort();
  diff.altered.sort();
  diff.extra.sort();
  return diff;
}

export function isIntact(d: BundleDiff): boolean {
  return d.missing.length === 0 && d.altered.length === 0 && d.extra.length === 0;
}

// ---- JSON Lines records ---------------------------------------------------------------------------

export interface AttachmentRecord {
  kind: string;
  /** A scan: the checklist item it shows, 1-based as on the slip; null for other files. */
  item: number | null;
  path: string;
  mime: string;
  bytes: number;
  sha256: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A dossier as the office receives it: everything on the slip, where it stands, its files. */
export function dossierRecord(d: Dossier, attachments: readonly AttachmentRecord[]) {
  return {
    code: d.code,
    state: d.state,
    stateAt: iso(d.stateAt),
    receivedOn: d.receivedOn,
    receivedAt: iso(d.receivedAt),
    dueDate: d.dueDate,
    resultOn: d.resultOn,
    citizen: { id: d.citizenId, name: d.citizenName },
    procedure: { key: d.procedureKey, code: d.procedureCode, name: d.procedureName, field: d.field, group: d.group, processingDays: d.processingDays },
    documents: d.documents,
    feeVnd: d.feeVnd,
    payment: d.payment,
    vietqr: d.vietqr,
    returnMethod: d.returnMethod,
    postalAddress: d.postalAddress,
    postalFeeVnd: d.postalFeeVnd,
    note: d.note,
    trip: d.tripId,
    ticket: d.ticketLabel,
    operator: d.operator,
    // Added with issue 14 (readers of version 1 ignore fields they do not know): the agency code
    // received under, the applicant's phone and email, whose record it is (the child, the
    // deceased), how the fee was counted, the hour due, and the register's book and entry.
    agency: d.agency,
    phone: d.phone,
    email: d.email,
    subject: d.subject,
    fee: d.feeDetail,
    dueTime: d.dueTime,
    register: d.register,
    // Added with issue 13 (version 1 still): a fee by bank transfer, when its arrival was confirmed
    // (null while awaited) and the bank's reference of the transfer, so the office sees which
    // transfer paid which dossier.
    paidAt: d.paidAt === null ? null : iso(d.paidAt),
    paidRef: d.paidRef,
    attachments,
  };
}

/** A citizen as on the ID card; the raw QR text stays on the vehicle (it repeats the same data). */
export function citizenRecord(c: Citizen) {
  return { id: c.id, oldId: c.oldId, fullName: c.fullName, dob: c.dob, gender: c.gender, address: c.address, issueDate: c.issueDate, extra: c.extra };
}

export function eventRecord(code: string, e: DossierEvent) {
  return { code, at: iso(e.at), from: e.from, to: e.to, operator: e.operator, note: e.note };
}
