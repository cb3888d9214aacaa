// Ingest: what a vehicle sends, checked (src/centre/core/ingest.ts) and stored in one transaction
// each, so a refusal changes nothing. Idempotent: a trip sent again with the same content, a bundle
// sent again (same id, same signed manifest) and a dossier's older history change nothing.
//
// A handover bundle comes in two steps, so a large one survives a dropped link: its files, each
// under its SHA-256 (PUT, kept per vehicle, checked against the hash on arrival), then its signed
// manifest (POST). The manifest is taken only when signed by the key the vehicle enrolled with,
// every file it lists is here with its size and hash, and its records pass the lifecycle; until all
// files are here the answer names the missing ones.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { DomainError } from '../../core/errors.js';
import { checkManifest, type Manifest } from '../../core/handover.js';
import { communeKey } from '../../core/officeUpdates.js';
import { SHA256_HEX, type DossierStatus } from '../../core/sync.js';
import { bundleRefusal, checkBundleRecords, checkDossierBatch, checkTripPayload, foldTickets} from '../core/ingest.js';
import { query } from '../store/db.js';
import { FigureRepo } from '../store/figures.js';
import { IngestRepo } from '../store/ingest.js';
import { CommuneRepo, type Vehicle } from '../store/vehicles.js';
import type { Centre } from './centre.js';

/** A file of a bundle larger than this is refused (a scan is a few MB; the log PDF of 400 dossiers less). */
export const MAX_BLOB_BYTES = 64 * 2 ** 20;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface TripResult {
  trip: number;
  stored: boolean;
  tickets: number;
}

export async function ingestTrip(centre: Centre, v: Vehicle, json: unknown): Promise<TripResult> {
  const p = checkTripPayload(json);
  const tickets = foldTickets(p);
  const hash = sha256(Buffer.from(JSON.stringify(p)));
  return centre.tx(async (c) => {
    await query(c, 'SELECT pg_advisory_xact_lock($1, $2)', [v.id, p.trip.id]);
    // before the trip's row is locked: a batch of its dossiers holding the vehicle's figures waits for that row
    await new FigureRepo(c).lock(v.id);
    const repo = new IngestRepo(c);
    if ((await repo.tripHash(v.id, p.trip.id)) === hash) return { trip: p.trip.id, stored: false, tickets: tickets.length };
    const communeId = await new CommuneRepo(c).idOf(p.trip.commune, communeKey(p.trip.commune));
    await repo.replaceTrip(v.id, communeId, p, tickets, hash, centre.now());
    return { trip: p.trip.id, stored: true, tickets: tickets.length };
  });
}

export async function ingestDossiers(centre: Centre, v: Vehicle, json: unknown): Promise<{ received: number; stored: number }> {
  const list = checkDossierBatch(json);
  return centre.tx(async (c) => {
    await lockVehicle(c, v.id);
    return { received: list.length, stored: await new IngestRepo(c).upsertDossiers(v.id, await withCommunes(c, list), centre.now()) };
  });
}

/**
 * One change of a vehicle's dossiers at a time: the day summaries are counted again whole. The lock
 * on its figures is taken here too, before any row (see FigureRepo.lock).
 */
export async function lockVehicle(c: Parameters<typeof query>[0], vehicleId: number): Promise<void> {
  await query(c, 'SELECT pg_advisory_xact_lock(3, $1)', [vehicleId]);
  await new FigureRepo(c).lock(vehicleId);
}

async function withCommunes(c: Parameters<typeof query>[0], list: readonly DossierStatus[]): Promise<{ status: DossierStatus; communeId: number | null }[]> {
  const ids = new Map<string, number>();
  const communes = new CommuneRepo(c);
  const out = [];
  for (const d of list) {
    let id: number | null = null;
    if (d.commune) {
      const key = communeKey(d.commune);
      id = ids.get(key) ?? (await communes.idOf(d.commune, key));
      ids.set(key, id);
    }
    out.push({ status: d, communeId: id });
  }
  return out;
}

export async function missingBlobs(centre: Centre, v: Vehicle, json: unknown): Promise<string[]> {
  const hashes = (json as { hashes?: unknown })?.hashes;
  if (!Array.isArray(hashes) || hashes.length > 10_000 || !hashes.every((h) => typeof h === 'string' && SHA256_HEX.test(h))) throw new DomainError('err.centre.payload', { detail: '$.hashes: not a list of SHA-256' });
  return new IngestRepo(centre.pool).missingBlobs(v.id, hashes as string[]);
}

/** Keep one file of a bundle, refused when its content is not what its hash says. */
export async function putBlob(centre: Centre, v: Vehicle, hash: string, data: Buffer): Promise<void> {
  if (!SHA256_HEX.test(hash)) throw new DomainError('err.centre.payload', { detail: 'not a SHA-256' });
  if (data.length > MAX_BLOB_BYTES) throw new DomainError('err.centre.tooLarge', { mb: MAX_BLOB_BYTES / 2 ** 20 });
  if (sha256(data) !== hash) throw bundleRefusal('altered', `a file does not match the hash sha256:${hash.slice(0, 16)}… its manifest gives`);
  await new IngestRepo(centre.pool).putBlob(v.id, hash, data, centre.now());
}

export type BundleResult = { status: 'stored'; id: string; dossiers: number } | { status: 'duplicate'; id: string } | { status: 'missing'; id: string; missing: string[] };

/** The manifest of a bundle whose files are here: verified whole, then stored in one transaction. */
export async function ingestBundle(centre: Centre, v: Vehicle, json: unknown): Promise<BundleResult> {
  const body = json as { manifest?: unknown; signature?: unknown };
  if (typeof body?.manifest !== 'string' || typeof body.signature !== 'string' || body.manifest.length > 16 * 2 ** 20) throw new DomainError('err.centre.payload', { detail: '$.manifest, $.signature: texts expected' });
  const bytes = Buffer.from(body.manifest, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.manifest);
  } catch (e) {
    throw bundleRefusal('manifest', (e as Error).message);
  }
  let m: Manifest;
  try {
    m = checkManifest(parsed);
  } catch (e) {
    throw bundleRefusal('manifest', e instanceof DomainError ? String(e.params.detail ?? e.code) : String(e));
  }
  // Signed by the key this vehicle enrolled with, nothing else: not the key the bundle brings along.
  if (m.key.fingerprint !== v.fingerprint) throw bundleRefusal('key', `signed with ${m.key.fingerprint}, the vehicle enrolled ${v.fingerprint}`);
  const sig = Buffer.from(body.signature.trim(), 'base64');
  if (sig.length !== 64 || !verify(null, bytes, createPublicKey(v.publicKey as string), sig)) throw bundleRefusal('signature', 'manifest.json does not carry the vehicle’s signature');
  const manifestSha256 = sha256(bytes);

  return centre.tx(async (c) => {
    await query(c, 'SELECT pg_advisory_xact_lock(hashtext($1))', [m.id]);
    await lockVehicle(c, v.id);
    const repo = new IngestRepo(c);
    const known = await repo.bundle(m.id);
    if (known) {
      if (known.vehicleId === v.id && known.manifestSha256 === manifestSha256) return { status: 'duplicate', id: m.id };
      throw bundleRefusal('id', `bundle ${m.id} was received before with other content`);
    }
    const missing = await repo.missingBlobs(v.id, m.files.map((f) => f.sha256));
    if (missing.length) return { status: 'missing', id: m.id, missing };
    const files = new Map<string, Buffer>();
    for (const f of m.files) {
      const data = (await repo.blob(v.id, f.sha256)) as Buffer;
      if (data.length !== f.bytes) throw bundleRefusal('altered', `${f.path}: ${data.length} bytes, the manifest says ${f.bytes}`);
      if (/\.(jsonl|pem)$/.test(f.path)) files.set(f.path, data);
    }
    const pem = files.get('vehicle.pub.pem');
    if (!pem || createPublicKey(pem).export({ type: 'spki', format: 'pem' }) !== createPublicKey(v.publicKey as string).export({ type: 'spki', format: 'pem' }))
      throw bundleRefusal('key', 'vehicle.pub.pem is not the key this vehicle enrolled with');
    const records = checkBundleRecords(m, (path) => files.get(path) ?? Buffer.alloc(0), m.trip.commune);
    const at = centre.now();
    await repo.insertBundle({ id: m.id, vehicleId: v.id, tripNo: m.trip.id, manifest: body.manifest as string, signature: (body.signature as string).trim(), manifestSha256, createdAt: Date.parse(m.createdAt) || at, toOffice: m.to.office, counts: m.counts, at }, m.files);
    await repo.upsertDossiers(v.id, await withCommunes(c, records.dossiers.map((d) => d.status)), at);
    await repo.attachPersonal(v.id, m.id, records.dossiers.map((d) => ({ code: d.status.code, citizenId: d.citizenId, record: d.record })), records.citizens, at);
    return { status: 'stored', id: m.id, dossiers: records.dossiers.length };
  });
}

