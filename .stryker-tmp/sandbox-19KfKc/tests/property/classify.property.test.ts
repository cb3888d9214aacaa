// @ts-nocheck
// The scan classifier, property. Proves: (1) on random text and on mutated ID-card QRs, dossier codes
// and tickets, classifyScan never throws, and each kind it answers is justified: a citizen that the
// card parser gives for the same text, a citizenInvalid carrying the card parser's own refusal, a
// dossier code that parses, a ticket of the right shape, 'encoding' only for mis-decoded text, and
// 'unknown' only when nothing else applies; (2) a valid card, dossier code or ticket, with or without
// a BOM, a line ending, lower case or spaces around, is recognised with exactly its content;
// (3) a BOM in front and a line ending after never change the answer.
import { describe, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { displayName, looksMisdecoded, parseCitizenQr } from '../../src/core/citizen.js';
import { dossierCode, parseDossierCode } from '../../src/core/dossier.js';
import { DomainError } from '../../src/core/errors.js';
import { classifyScan, cleanScan, type ScanKind } from '../../src/core/scan/classify.js';
import { assert, citizenQr, dossierParts, expectRefusal, forAll, mutate, often, type Rng, same, show, text, ticketLabel } from '../helpers/property.js';

const { provinces } = loadDomainData();
const TODAY = '2026-11-23';
const ALPHABET = [...'0123456789||||--..//  ,ABHQZaqĐđƯưỜờỄễ\r\n\t\uFEFF\uFFFDÃá»中'];

/** A scan's text as one of the scanners may send it: a valid thing, a damaged one, or noise. */
function anyScan(r: Rng): string {
  const valid = () =>
    r.weighted<string>([
      [3, () => citizenQr(r, provinces, TODAY).qr],
      [2, () => {
        const p = dossierParts(r);
        return dossierCode(p.agency, p.date, p.seq);
      }],
      [1, () => ticketLabel(r)],
    ]);
  return r.weighted<string>([
    [2, () => text(r, 80)],
    [6, () => mutate(r, valid(), ALPHABET)],
    [2, valid],
  ]);
}

/** Why the answer is right, checked against the parsers the classifier stands on. */
function justify(raw: string, k: ScanKind): void {
  const clean = cleanScan(raw);
  const upper = clean.trim().toUpperCase();
  switch (k.kind) {
    case 'citizen':
      same(k.citizen, parseCitizenQr(clean, provinces, TODAY), 'citizen against the card parser');
      return;
    case 'citizenInvalid': {
      expectRefusal(k.error);
      assert(k.error.code.startsWith('err.cccd.') && k.error.code !== 'err.cccd.encoding', `refusal ${k.error.code}`);
      let again: unknown;
      try {
        parseCitizenQr(clean, provinces, TODAY);
      } catch (e) {
        again = e;
      }
      assert(again instanceof DomainError && again.code === k.error.code, () => `the card parser says ${show(again)}, the classifier ${k.error.code}`);
      return;
    }
    case 'dossier':
      assert(k.code === upper && parseDossierCode(k.code) !== undefined, `dossier code ${k.code}`);
      return;
    case 'ticket':
      assert(k.label === upper && /^[A-Z]\d{3}$/.test(k.label), `ticket ${k.label}`);
      return;
    case 'encoding': {
      if (looksMisdecoded(clean)) return;
      let e: unknown;
      try {
        parseCitizenQr(clean, provinces, TODAY);
      } catch (x) {
        e = x;
      }
      assert(e instanceof DomainError && e.code === 'err.cccd.encoding', 'encoding without mis-decoded text');
      return;
    }
    case 'unknown':
      assert(!looksMisdecoded(clean) && parseDossierCode(clean) === undefined && !/^[A-Z]\d{3}$/.test(upper), 'unknown, yet it is something');
      assert(!(clean.split('|').length >= 6 && /^\s*\d{9,12}\s*$/.test(clean.split('|')[0] ?? '')), 'unknown, yet shaped like a card');
      return;
    default:
      throw new Error(`kind ${(k as { kind: string }).kind}`);
  }
}

describe('scan classifier, property', () => {
  it('12,000 random and damaged scans: never a throw, every answer justified, a BOM and a line ending change nothing', () => {
    const kinds = new Map<string, number>();
    const runs = forAll('classify', { seed: 0xc1a5, runs: 12_000, gen: anyScan }, (raw, r) => {
      const k = classifyScan(raw, provinces, TODAY);
      kinds.set(k.kind, (kinds.get(k.kind) ?? 0) + 1);
      justify(raw, k);
      if (!raw.startsWith('\uFEFF')) same(classifyScan(`\uFEFF${raw}${r.pick(['\r', '\n', '\r\n'])}`, provinces, TODAY), k, 'with a BOM and a line ending');
    });
    // every kind is reached, or the generator is too tame to prove anything
    for (const kind of ['citizen', 'citizenInvalid', 'dossier', 'ticket', 'encoding', 'unknown']) often(kinds.get(kind) ?? 0, runs / 120, `${kind} in ${show([...kinds])}`);
  });

  it('4,000 valid cards, dossier codes and tickets, as scanners send them: recognised with their content', () => {
    forAll(
      'valid',
      {
        seed: 0xc1a6,
        runs: 4000,
        gen: (r) => {
          const wrap = (s: string) => `${r.chance(0.2) ? '\uFEFF' : ''}${s}${r.pick(['', '\r', '\n', '\r\n', '\r\n\r\n'])}`;
          return r.weighted<{ raw: string; want: (k: ScanKind) => void }>([
            [2, () => {
              const c = citizenQr(r, provinces, TODAY);
              return {
                raw: wrap(c.qr),
                want: (k) => {
                  assert(k.kind === 'citizen', () => `kind ${k.kind}: ${show(k)}`);
                  const { id, dob, gender, fullName, address, issueDate } = k.citizen;
                  same({ id, dob, gender, fullName, address, issueDate }, { id: c.id, dob: c.dob, gender: c.gender, fullName: displayName(c.name), address: c.address, issueDate: c.issueDate }, 'citizen');
                },
              };
            }],
            [2, () => {
              const p = dossierParts(r);
              const code = dossierCode(p.agency, p.date, p.seq);
              const typed = r.chance(0.3) ? code.toLowerCase() : code;
              return { raw: wrap(r.chance(0.2) ? ` ${typed} ` : typed), want: (k) => same(k, { kind: 'dossier', code }, 'dossier') };
            }],
            [1, () => {
              const label = ticketLabel(r);
              return { raw: wrap(r.chance(0.3) ? label.toLowerCase() : label), want: (k) => same(k, { kind: 'ticket', label }, 'ticket') };
            }],
          ]);
        },
      },
      ({ raw, want }) => want(classifyScan(raw, provinces, TODAY)),
    );
  });

  it('tickets with 1 to 6 digits, as queue-rules.json may set them: recognised with exactly that many', () => {
    forAll('ticket digits', { seed: 0xc1a7, runs: 2000, gen: (r) => ({ digits: r.int(1, 6), other: r.int(1, 6), label: '' }) }, (c, r) => {
      const label = ticketLabel(r, c.digits);
      same(classifyScan(label, provinces, TODAY, c.digits), { kind: 'ticket', label }, 'ticket');
      if (c.other !== c.digits) assert(classifyScan(label, provinces, TODAY, c.other).kind !== 'ticket', `${label} is a ticket with ${c.other} digits`);
    });
  });
});
