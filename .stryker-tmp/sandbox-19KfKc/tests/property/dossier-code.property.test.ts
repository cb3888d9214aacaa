// @ts-nocheck
// Dossier codes (agency-YYMMDD-NNNN), property. Proves: (1) every code dossierCode makes, for any
// agency code office.json may hold, any day of 2000-2099 and any sequence 1-9999, parses back to
// exactly its parts, also in lower case and with spaces around; (2) on random and mutated text,
// parseDossierCode answers undefined or parts that make exactly the text (trimmed, upper case) again
// with a real day and a sequence from 1 (never an impossible date such as 31 February); (3)
// dossierCode refuses an agency code or a sequence out of form with its own DomainError.
import { describe, it } from 'vitest';
import { dossierCode, parseDossierCode } from '../../src/core/dossier.js';
import { isIsoDate } from '../../src/core/time.js';
import { assert, dossierParts, forAll, mutate, often, resultOrRefusal, same, text, TRICKY } from '../helpers/property.js';

const ALPHABET = [...'0123456789-.ABHZabh /\u00A0\t\n'];

describe('dossier codes, property', () => {
  it('10,000 codes from random parts parse back to exactly those parts', () => {
    forAll('round trip', { seed: 0xd055, runs: 10_000, gen: dossierParts }, (p, r) => {
      const code = dossierCode(p.agency, p.date, p.seq);
      same(parseDossierCode(code), p, code);
      const typed = `${r.pick(['', ' ', '\t'])}${r.chance(0.5) ? code.toLowerCase() : code}${r.pick(['', ' ', '\n'])}`;
      same(parseDossierCode(typed), p, `typed as ${JSON.stringify(typed)}`);
    });
  });

  it('20,000 random and mutated texts: undefined, or parts that rebuild the very text with a real day', () => {
    let parsed = 0;
    const runs = forAll(
      'parser',
      {
        seed: 0xd056,
        runs: 20_000,
        gen: (r) => {
          const p = dossierParts(r);
          return r.weighted<string>([
            [6, () => mutate(r, dossierCode(p.agency, p.date, p.seq), ALPHABET, 3)],
            // impossible days and sequence 0 in the right shape
            [2, () => `${p.agency}-${String(r.int(0, 99)).padStart(2, '0')}${String(r.int(0, 19)).padStart(2, '0')}${String(r.int(0, 39)).padStart(2, '0')}-${String(r.int(0, 2)).padStart(4, '0')}`],
            [1, () => text(r, 40)],
            [1, () => r.pick(TRICKY)],
          ]);
        },
      },
      (s) => {
        const p = parseDossierCode(s);
        if (!p) return;
        parsed++;
        assert(isIsoDate(p.date) && p.date >= '2000-01-01' && p.date <= '2099-12-31', () => `day ${p.date}`);
        assert(Number.isInteger(p.seq) && p.seq >= 1 && p.seq <= 9999, () => `sequence ${p.seq}`);
        same(dossierCode(p.agency, p.date, p.seq), s.trim().toUpperCase(), 'rebuilt');
      },
    );
    often(parsed, runs / 7, 'codes parsed');
  });

  it('5,000 bad agency codes and sequences: refused with err.dossier.agency or err.dossier.seq', () => {
    forAll(
      'refusals',
      { seed: 0xd057, runs: 5000, gen: (r) => ({ agency: r.chance(0.5) ? mutate(r, 'ABC.12', [...'.-/ a_Đ'], 2) : dossierParts(r).agency, seq: r.chance(0.5) ? r.pick([0, -1, 10_000, 1.5, Number.NaN, Infinity]) : r.int(1, 9999) }) },
      ({ agency, seq }) => {
        const res = resultOrRefusal(() => dossierCode(agency, '2026-11-23', seq), ['err.dossier.agency', 'err.dossier.seq']);
        const goodAgency = /^[0-9A-Z]+(\.[0-9A-Z]+)*$/.test(agency);
        const goodSeq = Number.isInteger(seq) && seq >= 1 && seq <= 9999;
        same(res.ok, goodAgency && goodSeq, 'accepted');
        if (!res.ok) same(res.error.code, goodAgency ? 'err.dossier.seq' : 'err.dossier.agency', 'refusal');
      },
    );
  });
});
