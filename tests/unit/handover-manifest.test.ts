// What the office (or the fleet centre) reads when a bundle's manifest.json is refused: the place in
// the manifest and the problem, whole, for every field the check reads; what it accepts (counts of
// nothing, the audit anchor); and a file listed twice however the list is ordered.
import { describe, expect, it } from 'vitest';
import { buildManifest, checkManifest, serializeManifest, type Manifest } from '../../src/core/handover.js';
import { HANDOVER_CODE, manifestInput, sha } from '../helpers/handover.js';
import { refusal } from '../helpers/refusal.js';

const FILES = [
  { path: 'dossiers.jsonl', bytes: 10, sha256: sha('1') },
  { path: `attachments/${HANDOVER_CODE}/slip.pdf`, bytes: 20, sha256: sha('2') },
  { path: 'citizens.jsonl', bytes: 30, sha256: sha('3') },
];

/** A parsed manifest.json, spoiled on purpose by the tests. */
type Json = Record<string, any>;

/** manifest.json as the vehicle writes it, parsed: what a receiver hands checkManifest. */
const written = (): Json => JSON.parse(serializeManifest(buildManifest(manifestInput(FILES)))) as Json;

/** The refusal of `json`: its catalogue key and its parameters (the detail shown). */
const refusalOf = (json: unknown) => {
  const e = refusal(() => checkManifest(json));
  return [e.code, e.params];
};

/** The refusal of the written manifest changed by `change`. */
const refused = (change: (m: Json) => void) => {
  const m = written();
  change(m);
  return refusalOf(m);
};
const manifestError = (detail: string) => ['err.handover.manifest', { detail }];

describe('a manifest refused names where it is wrong and how', () => {
  it('a manifest that is not an object at all: null, a list, a text', () => {
    for (const json of [null, [], 'manifest']) expect(refusalOf(json), String(json)).toEqual(manifestError('$: not an object'));
  });

  it('another format is named with the one expected', () => {
    expect(refused((m) => (m.format = 'zip'))).toEqual(manifestError('$.format: not luudong-handover'));
  });

  it('each part that must be an object, missing, null or a list', () => {
    expect(refused((m) => (m.from = null))).toEqual(manifestError('$.from: not an object'));
    expect(refused((m) => delete m.trip)).toEqual(manifestError('$.trip: not an object'));
    expect(refused((m) => (m.counts = [1, 2, 3, 4]))).toEqual(manifestError('$.counts: not an object'));
    expect(refused((m) => (m.key = 'ed25519'))).toEqual(manifestError('$.key: not an object'));
    expect(refused((m) => (m.to = null))).toEqual(manifestError('$.to: not an object'));
  });

  it('a key of another algorithm, or another key file than vehicle.pub.pem, is refused', () => {
    expect(refused((m) => (m.key.algorithm = 'rsa'))).toEqual(manifestError('$.key.algorithm: not ed25519'));
    expect(refused((m) => (m.key.file = 'keys/vehicle.pem'))).toEqual(manifestError('$.key.file: not vehicle.pub.pem'));
  });

  it('the file list: not a list, an entry not an object, a path not a text or leading out, a hash missing', () => {
    expect(refused((m) => (m.files = { 'dossiers.jsonl': sha('1') }))).toEqual(manifestError('$.files: not a list'));
    expect(refused((m) => (m.files[1] = 'citizens.jsonl'))).toEqual(manifestError('$.files[1]: not an object'));
    expect(refused((m) => (m.files[2].path = 7))).toEqual(manifestError('$.files[2].path: not a text'));
    expect(refused((m) => (m.files[0].path = '../etc/passwd'))).toEqual(manifestError('$.files[0].path: "../etc/passwd" is not a path inside the bundle'));
    expect(refused((m) => delete m.files[1].sha256)).toEqual(manifestError('$.files[1].sha256: not a text'));
  });

  it('every text field empty or missing is named by its path', () => {
    const texts: [string, (m: Json) => void][] = [
      ['$.id', (m) => (m.id = '')],
      ['$.createdAt', (m) => delete m.createdAt],
      ['$.from.agencyCode', (m) => (m.from.agencyCode = '')],
      ['$.from.unit', (m) => (m.from.unit = null)],
      ['$.from.by', (m) => (m.from.by = '')],
      ['$.to.office', (m) => (m.to.office = '')],
      ['$.trip.commune', (m) => (m.trip.commune = '')],
      ['$.trip.place', (m) => delete m.trip.place],
      ['$.trip.date', (m) => (m.trip.date = 20261123)],
      ['$.key.fingerprint', (m) => (m.key.fingerprint = '')],
    ];
    for (const [at, change] of texts) expect(refused(change), at).toEqual(manifestError(`${at}: not a text`));
  });

  it('every number that must be whole and not negative is named by its path', () => {
    const numbers: [string, (m: Json) => void][] = [
      ['$.trip.id', (m) => (m.trip.id = '3')],
      ['$.counts.dossiers', (m) => (m.counts.dossiers = -1)],
      ['$.counts.citizens', (m) => (m.counts.citizens = 1.5)],
      ['$.counts.events', (m) => delete m.counts.events],
      ['$.counts.attachments', (m) => (m.counts.attachments = null)],
    ];
    for (const [at, change] of numbers) expect(refused(change), at).toEqual(manifestError(`${at}: not a whole number`));
  });
});

describe('what a manifest may hold', () => {
  it('counts of nothing are whole numbers: a trip with no scans and no events reads back', () => {
    const m = written();
    m.counts = { dossiers: 1, citizens: 1, events: 0, attachments: 0 };
    expect(checkManifest(m).counts).toEqual({ dossiers: 1, citizens: 1, events: 0, attachments: 0 });
  });

  it("the vehicle's audit anchor reads back as written", () => {
    const built: Manifest = buildManifest({ ...manifestInput(FILES), audit: { entry: 412, head: '0123456789abcdef0123456789abcdef' } });
    expect(checkManifest(JSON.parse(serializeManifest(built)))).toEqual(built);
    expect(checkManifest(JSON.parse(serializeManifest(built))).audit).toEqual({ entry: 412, head: '0123456789abcdef0123456789abcdef' });
  });

  it('an audit anchor that is not an object, without a head, with a head not 32 lowercase hex digits, or a negative entry is refused', () => {
    const anchored = (audit: unknown) => refused((m) => (m.audit = audit));
    expect(anchored(null)).toEqual(manifestError('$.audit: not an object'));
    expect(anchored({ entry: 412 })).toEqual(manifestError('$.audit.head: not a text'));
    expect(anchored({ entry: 412, head: '0123456789ABCDEF0123456789ABCDEF' })).toEqual(manifestError('$.audit.head: not 32 hex digits'));
    expect(anchored({ entry: 412, head: '0123456789abcdef' })).toEqual(manifestError('$.audit.head: not 32 hex digits'));
    expect(anchored({ entry: -1, head: '0123456789abcdef0123456789abcdef' })).toEqual(manifestError('$.audit.entry: not a whole number'));
  });
});

describe('a file listed twice', () => {
  it('is refused when building, wherever it falls in the sorted list (here the first path)', () => {
    const slip = FILES[1]!;
    expect(() => buildManifest(manifestInput([...FILES, { ...slip, bytes: 21 }]))).toThrow(new Error(`handover: attachments/${HANDOVER_CODE}/slip.pdf listed twice`));
    expect(() => buildManifest(manifestInput([slip, slip]))).toThrow(new Error(`handover: attachments/${HANDOVER_CODE}/slip.pdf listed twice`));
  });
});
