// The hex a handover manifest carries, checked whole (src/core/handover.ts checkManifest): a file's
// SHA-256 is 64 lowercase hex digits and the audit anchor's head 32, with nothing before or after; and
// the names of the files a bundle holds, which the office's instructions and the centre read by name.
import { describe, expect, it } from 'vitest';
import * as handover from '../../src/core/handover.js';
import { buildManifest, checkManifest, serializeManifest } from '../../src/core/handover.js';
import { manifestInput, sha } from '../helpers/handover.js';
import { refusal } from '../helpers/refusal.js';

type Json = Record<string, any>;
const written = (): Json => JSON.parse(serializeManifest(buildManifest(manifestInput([{ path: 'dossiers.jsonl', bytes: 10, sha256: sha('1') }])))) as Json;
const detail = (change: (m: Json) => void): unknown => {
  const m = written();
  change(m);
  return refusal(() => checkManifest(m)).params.detail;
};
/** The digits with something before or after them. */
const around = (h: string) => [`x${h}`, `${h}x`, ` ${h}`, `${h} `, `${h}\n`, `${h}${h}`, `sha256:${h}`];

describe('the hex in a manifest', () => {
  it("a file's SHA-256 with anything around its 64 digits is refused", () => {
    for (const bad of around(sha('a'))) expect(detail((m) => (m.files[0].sha256 = bad)), JSON.stringify(bad)).toBe('$.files[0].sha256: not a SHA-256 in hex');
  });

  it("the audit anchor's head with anything around its 32 digits is refused", () => {
    const head = '0123456789abcdef0123456789abcdef';
    expect(checkManifest({ ...written(), audit: { entry: 1, head } }).audit).toEqual({ entry: 1, head });
    for (const bad of around(head)) expect(detail((m) => (m.audit = { entry: 1, head: bad })), JSON.stringify(bad)).toBe('$.audit.head: not 32 hex digits');
  });
});

describe('the files of a bundle', () => {
  it('are named as the office reads them', () => {
    expect({
      manifest: handover.MANIFEST_FILE, signature: handover.SIGNATURE_FILE, key: handover.PUBLIC_KEY_FILE,
      dossiers: handover.DOSSIERS_FILE, citizens: handover.CITIZENS_FILE, events: handover.EVENTS_FILE,
      log: handover.LOG_FILE, control: handover.CONTROL_FILE, attachments: handover.ATTACHMENTS_DIR,
    }).toEqual({
      manifest: 'manifest.json', signature: 'manifest.sig', key: 'vehicle.pub.pem',
      dossiers: 'dossiers.jsonl', citizens: 'citizens.jsonl', events: 'events.jsonl',
      log: 'handover-log.pdf', control: 'control-slips.pdf', attachments: 'attachments',
    });
  });
});
