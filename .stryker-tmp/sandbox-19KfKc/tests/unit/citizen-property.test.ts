// @ts-nocheck
// Property tests of the ID card QR parser, against an oracle written here from the rules themselves
// (DOMAIN.md; Circular 07/2016/TT-BCA art. 7 for the gender/century digit), not from the parser's
// code: the oracle has its own date arithmetic, its own century table, its own field splitting.
//  1. Cards built to break exactly one rule are refused with that rule's own message, and cards
//     breaking none are read exactly (every field).
//  2. Random and mutated scans: whenever the oracle can judge the text (plain Vietnamese text), the
//     parser accepts exactly what the oracle accepts and reads the same citizen; whatever it cannot
//     judge (broken characters) is refused or, if accepted, still keeps every rule.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { parseCitizenQr, type Citizen } from '../../src/core/citizen.js';
import { DomainError } from '../../src/core/errors.js';
import { isMessageKey } from '../../src/i18n/index.js';
import { address, daysInMonth, forAll, fullName, mutate, often, pad, type Rng } from '../helpers/property.js';

const { provinces } = loadDomainData();
const TODAY = '2026-11-23';
const PROVINCE_CODES = new Set(provinces.map((p) => p.code));

// ---- the oracle ----------------------------------------------------------------------------------

type G = 'male' | 'female';
/** Circular 07/2016/TT-BCA art. 7: the 4th digit of the number gives the gender and the century of birth. */
const CENTURY_DIGIT: Record<string, { gender: G; from: number }> = {
  '0': { gender: 'male', from: 1900 },
  '1': { gender: 'female', from: 1900 },
  '2': { gender: 'male', from: 2000 },
  '3': { gender: 'female', from: 2000 },
  '4': { gender: 'male', from: 2100 },
  '5': { gender: 'female', from: 2100 },
  '6': { gender: 'male', from: 2200 },
  '7': { gender: 'female', from: 2200 },
  '8': { gender: 'male', from: 2300 },
  '9': { gender: 'female', from: 2300 },
};
/** The words a card or an operator uses for the gender (the card prints Nam / Nữ). */
const GENDER_WORDS: Record<string, G> = { nam: 'male', male: 'male', m: 'male', 'nữ': 'female', nu: 'female', female: 'female', f: 'female' };

/**
 * A date as the card writes it (ddmmyyyy), re-formatted (dd/mm/yyyy; a scanner that drops one slash
 * is read too) or as an ISO day: the ISO form, or null when it is no real day of the Gregorian
 * calendar. Years before 100 are not birth or issue years and are refused.
 */
function oracleDate(s: string): string | null {
  const t = s.trim();
  let y: number, m: number, d: number;
  const a = /^(\d\d)(\/?)(\d\d)(\/?)(\d\d\d\d)$/.exec(t);
  const b = /^(\d\d\d\d)-(\d\d)-(\d\d)$/.exec(t);
  if (a) [d, m, y] = [+a[1]!, +a[3]!, +a[5]!];
  else if (b) [y, m, d] = [+b[1]!, +b[2]!, +b[3]!];
  else return null;
  if (y < 100 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** "NGUYỄN  THỊ HƯỜNG" -> "Nguyễn Thị Hường": spaces collapsed; a name written all in capitals gets capitals only at word starts. */
function oracleName(s: string): string {
  const words = s.split(' ').filter((w) => w !== '');
  const allCaps = words.every((w) => w === w.toLocaleUpperCase('vi'));
  return words.map((w) => (allCaps ? [...w].map((c, i) => (i === 0 ? c : c.toLocaleLowerCase('vi'))).join('') : w)).join(' ');
}

/** Letters, digits and punctuation of plain Vietnamese text: what the oracle can judge. */
const PLAIN = /^[\x20-\x7e\u00c0-\u00c3\u00c8-\u00ca\u00cc\u00cd\u00d2-\u00d5\u00d9\u00da\u00dd\u00e0-\u00e3\u00e8-\u00ea\u00ec\u00ed\u00f2-\u00f5\u00f9\u00fa\u00fd\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]*$/;

type Verdict = { accept: true; citizen: Omit<Citizen, 'raw'> & { raw: string } } | { accept: false; why: string } | { accept: 'unknown' };

/** What the parser must do with `text`, worked out from the rules alone. */
function oracle(text: string): Verdict {
  let raw = text.normalize('NFC');
  if (raw.startsWith('\uFEFF')) raw = raw.slice(1);
  raw = raw.replace(/[\r\n]+$/, '');
  if (/[\x00-\x1f\x7f\uFFFD\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/.test(raw)) return { accept: false, why: 'encoding' };
  if (!PLAIN.test(raw)) return { accept: 'unknown' };
  const f = raw.split('|').map((x) => x.replace(/^ +| +$/g, ''));
  if (f.length < 6) return { accept: false, why: 'fields' };
  const [id, oldId, name, dobText, genderText, addr, issueText] = f.length === 6 ? [f[0]!, '', f[1]!, f[2]!, f[3]!, f[4]!, f[5]!] : (f.slice(0, 7) as string[]);
  if (!/^[0-9]{12}$/.test(id!)) return { accept: false, why: 'id' };
  if (!PROVINCE_CODES.has(id!.slice(0, 3))) return { accept: false, why: 'province' };
  if (oldId !== '' && !/^([0-9]{9}|[0-9]{12})$/.test(oldId!)) return { accept: false, why: 'oldId' };
  if (name!.trim() === '' || /[0-9]/.test(name!)) return { accept: false, why: 'name' };
  const dob = oracleDate(dobText!);
  if (!dob || dob > TODAY) return { accept: false, why: 'dob' };
  const gender = GENDER_WORDS[genderText!.toLowerCase()];
  const digit = CENTURY_DIGIT[id![3]!]!;
  if (!gender || gender !== digit.gender) return { accept: false, why: 'gender' };
  if (digit.from + Number(id!.slice(4, 6)) !== Number(dob.slice(0, 4))) return { accept: false, why: 'year' };
  let issueDate: string | null = null;
  if (issueText !== '') {
    issueDate = oracleDate(issueText!);
    if (!issueDate || issueDate <= dob || issueDate > TODAY) return { accept: false, why: 'issue' };
  }
  if (addr!.trim() === '') return { accept: false, why: 'address' };
  return {
    accept: true,
    citizen: { id: id!, oldId: oldId || null, fullName: oracleName(name!), dob, gender, address: addr!.split(' ').filter(Boolean).join(' '), issueDate, extra: f.slice(7), raw },
  };
}

/** The rules an accepted citizen keeps, whatever its text: checked on the parser's output. */
function keepsTheRules(c: Citizen): string | null {
  if (!/^[0-9]{12}$/.test(c.id) || !PROVINCE_CODES.has(c.id.slice(0, 3))) return 'number';
  if (c.oldId !== null && !/^([0-9]{9}|[0-9]{12})$/.test(c.oldId)) return 'old number';
  if (oracleDate(c.dob) !== c.dob || c.dob > TODAY) return 'birth date';
  const digit = CENTURY_DIGIT[c.id[3]!]!;
  if (digit.gender !== c.gender) return 'gender against the 4th digit';
  if (digit.from + Number(c.id.slice(4, 6)) !== Number(c.dob.slice(0, 4))) return 'birth year against the number';
  if (c.issueDate !== null && (oracleDate(c.issueDate) !== c.issueDate || c.issueDate <= c.dob || c.issueDate > TODAY)) return 'issue date';
  if (c.fullName.trim() === '' || /[0-9\x00-\x1f\x7f\uFFFD]/.test(c.fullName) || c.fullName !== c.fullName.normalize('NFC')) return 'name';
  if (c.address.trim() === '' || /[\x00-\x1f\x7f]/.test(c.address)) return 'address';
  return null;
}

// ---- cards that break one rule ---------------------------------------------------------------------

interface Card {
  id: string;
  oldId: string | null; // null: the 6-field form
  name: string;
  dob: string; // as written on the card
  gender: string;
  address: string;
  issue: string;
}
const qr = (c: Card) => (c.oldId === null ? [c.id, c.name, c.dob, c.gender, c.address, c.issue] : [c.id, c.oldId, c.name, c.dob, c.gender, c.address, c.issue]).join('|');
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => r.int(0, 9)).join('');
const isoDay = (r: Rng, from: string, to: string) => {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + r.int(0, Math.round((b - a) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
};
/** An ISO day as the card writes it (ddmmyyyy), the re-formatted card (dd/mm/yyyy) or as it is. */
const written = (r: Rng, iso: string, slashes: boolean) => {
  const [y, m, d] = iso.split('-');
  return slashes ? r.pick([`${d}/${m}/${y}`, iso]) : r.pick([`${d}${m}${y}`, iso]);
};
/** The number of a person of this gender born in this year, in a real province. */
function numberFor(r: Rng, gender: G, year: number): string {
  const digit = Object.entries(CENTURY_DIGIT).find(([, v]) => v.gender === gender && v.from <= year && year < v.from + 100)![0];
  return `${r.pick([...PROVINCE_CODES])}${digit}${pad(year % 100)}${digits(r, 6)}`;
}
const genderWord = (r: Rng, g: G) => (g === 'male' ? r.pick(['Nam', 'NAM', 'nam']) : r.pick(['Nữ', 'NỮ', 'nữ']));
const other = (g: G): G => (g === 'male' ? 'female' : 'male');

/** A valid card: a person born between 1900 and today, an issue date after birth or none. */
function validCard(r: Rng): { card: Card; dob: string; gender: G; issue: string | null } {
  const gender: G = r.pick(['male', 'female']);
  const dob = isoDay(r, '1900-01-01', TODAY);
  const six = r.chance(0.3);
  const issue = dob < TODAY && r.chance(0.8) ? isoDay(r, new Date(Date.parse(dob) + 86_400_000).toISOString().slice(0, 10), TODAY) : null;
  const name = r.chance(0.5) ? fullName(r).toLocaleUpperCase('vi') : fullName(r);
  const card: Card = {
    id: numberFor(r, gender, Number(dob.slice(0, 4))),
    oldId: six ? null : r.pick(['', digits(r, 9), digits(r, 12)]),
    name,
    dob: written(r, dob, six),
    gender: genderWord(r, gender),
    address: address(r),
    issue: issue === null ? '' : written(r, issue, six),
  };
  return { card, dob, gender, issue };
}

const BREAKS = ['none', 'idFormat', 'province', 'oldId', 'name', 'dob', 'dobFuture', 'gender', 'genderMismatch', 'yearMismatch', 'issueDate', 'issueBeforeBirth', 'issueFuture', 'address'] as const;
type Break = (typeof BREAKS)[number];
const NOT_A_DAY = ['31/02', '29/02', '00/05', '32/01', '31/04', '15/13', '15/00'];

/** A card that breaks exactly the rule `b` (or none). */
function cardBreaking(r: Rng, b: Break): Card {
  const { card, dob, gender } = validCard(r);
  const y = Number(dob.slice(0, 4));
  switch (b) {
    case 'none':
      return card;
    case 'idFormat':
      return { ...card, id: r.pick([card.id.slice(0, 11), `${card.id}${r.int(0, 9)}`, `${card.id.slice(0, 6)}O${card.id.slice(7)}`, `${card.id.slice(0, 6)} ${card.id.slice(6)}`]) };
    case 'province': {
      const unused = Array.from({ length: 1000 }, (_, i) => pad(i, 3)).filter((c) => !PROVINCE_CODES.has(c));
      return { ...card, id: r.pick(unused) + card.id.slice(3) };
    }
    case 'oldId':
      return { ...card, oldId: r.pick([digits(r, 8), digits(r, 10), digits(r, 11), `${digits(r, 4)}A${digits(r, 4)}`]) };
    case 'name':
      return { ...card, name: r.pick([`${card.name} ${r.int(0, 9)}`, `${r.int(0, 9)}${card.name}`, ' ']) };
    case 'dob': {
      // a day that does not exist, in the right year (29/02 only in a year without it)
      let [dm, yy] = [r.pick(NOT_A_DAY), y];
      if (dm === '29/02' && daysInMonth(yy, 2) === 29) dm = '30/02';
      const [d, m] = dm.split('/');
      return { ...card, dob: card.oldId === null ? `${d}/${m}/${yy}` : `${d}${m}${yy}` };
    }
    case 'dobFuture': {
      // born after today, the number made for that year, and no issue date (a manual entry of a baby's card)
      const future = isoDay(r, '2026-11-24', r.pick(['2026-12-31', '2099-12-31']));
      return { ...card, id: numberFor(r, gender, Number(future.slice(0, 4))), dob: written(r, future, card.oldId === null), issue: '' };
    }
    case 'gender':
      return { ...card, gender: r.pick(['X', 'Khác', '', 'Nam Nữ', '0']) };
    case 'genderMismatch':
      return { ...card, gender: genderWord(r, other(gender)) };
    case 'yearMismatch': {
      // another birth year, from a number whose digit has the right gender; the issue date kept after it
      const year = r.pick([y + 1, y - 1, y + 100, y - 100].filter((v) => v >= 1900 && v < 2400 && v !== y));
      return { ...card, id: numberFor(r, gender, year), issue: '' };
    }
    case 'issueDate': {
      const [d, m] = r.pick(NOT_A_DAY.filter((x) => x !== '29/02')).split('/');
      return { ...card, issue: card.oldId === null ? `${d}/${m}/2020` : `${d}${m}2020` };
    }
    case 'issueBeforeBirth': {
      const before = r.chance(0.3) ? dob : isoDay(r, '1850-01-01', dob);
      return { ...card, issue: written(r, before, card.oldId === null) };
    }
    case 'issueFuture':
      return { ...card, issue: written(r, isoDay(r, '2026-11-24', '2030-12-31'), card.oldId === null) };
    case 'address':
      return { ...card, address: r.pick(['', ' ', '   ']) };
  }
}

// ---- the tests -----------------------------------------------------------------------------------

describe('citizen QR parser, against an oracle', () => {
  it('the oracle itself: the example cards of the rules', () => {
    // A woman born in 1952 in Hà Nội; a boy born in 2005 in Đà Nẵng; the 4th digit 3 is a woman of the 2000s.
    expect(oracle('001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021')).toMatchObject({
      accept: true,
      citizen: { id: '001152012345', fullName: 'Nguyễn Thị Hường', dob: '1952-03-15', gender: 'female', issueDate: '2021-08-10' },
    });
    expect(oracle('048205000123||TRẦN VĂN AN|01012005|Nam|Đà Nẵng|')).toMatchObject({ accept: true, citizen: { gender: 'male', dob: '2005-01-01', issueDate: null } });
    expect(oracle('048305000123||Lan|01012005|Nữ|Đà Nẵng|')).toMatchObject({ accept: true });
    expect(oracle('048205000123||Lan|01012005|Nữ|Đà Nẵng|')).toEqual({ accept: false, why: 'gender' });
    expect(oracle('048205000123||An|01012105|Nam|Đà Nẵng|')).toEqual({ accept: false, why: 'dob' });
    expect(oracleDate('29022024')).toBe('2024-02-29');
    expect(oracleDate('29/02/2100')).toBeNull();
    expect(oracleDate('29/02/2000')).toBe('2000-02-29');
  });

  it('cards breaking exactly one rule are refused with that rule’s message; the others are read field by field', () => {
    const seen = new Map<Break, number>();
    const runs = forAll('one rule broken', { seed: 7016, runs: 14_000, gen: (r, run) => ({ b: BREAKS[run % BREAKS.length]!, card: cardBreaking(r, BREAKS[run % BREAKS.length]!) }) }, ({ b, card }) => {
      const text = qr(card);
      seen.set(b, (seen.get(b) ?? 0) + 1);
      let got: Citizen | DomainError;
      try {
        got = parseCitizenQr(text, provinces, TODAY);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        got = e;
      }
      if (b === 'none') {
        const want = oracle(text);
        if (want.accept !== true) throw new Error(`the generator made an invalid card: ${text} (${JSON.stringify(want)})`);
        if (got instanceof DomainError) throw new Error(`refused a valid card ${text}: ${got.code}`);
        expect(got).toEqual(want.citizen);
      } else {
        if (!(got instanceof DomainError)) throw new Error(`accepted a card breaking ${b}: ${text}`);
        expect([text, got.code]).toEqual([text, `err.cccd.${b}`]);
      }
    });
    for (const b of BREAKS) often(seen.get(b) ?? 0, runs / BREAKS.length / 2, `cards breaking ${b}`);
  });

  it('random and mutated scans: the parser accepts exactly what the oracle accepts, and reads the same citizen', () => {
    const seeds = [
      '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021',
      '036090001234||Trần Văn An|02011990|Nam|Xóm 3, xã Hải Anh, Nam Định|01022022',
      '079305000123|Lê Thị Mai|05/06/2005|Nữ|Phường 7, Quận 3, TP. Hồ Chí Minh|20/07/2021',
      '\uFEFF038200000777|123456789|HOÀNG ĐỨC THẮNG|31122000|Nam|Thôn 2, xã Quảng Phú, Thanh Hóa|15032024|extra|more\r\n',
      '001226000001||Bé Na|01122026|Nữ|Hà Nội|',
    ];
    const alphabet = [...'0123456789||||//  ,.-AaĐđƯưỜờỄễ\r\n\t\uFEFF\uFFFD中Ãá»\u0301\u0000é'];
    const outcome = { accepted: 0, judged: 0, refused: new Map<string, number>() };
    const runs = forAll(
      'mutated scans',
      { seed: 20261123, runs: 40_000, gen: (r, run) => (run % 4 === 0 ? Array.from({ length: r.int(0, 120) }, () => (r.chance(0.9) ? r.pick(alphabet) : String.fromCodePoint(r.int(0x20, 0x2ffff)))).join('') : mutate(r, r.pick(seeds), alphabet)) },
      (text) => {
        const want = oracle(text);
        let got: Citizen | DomainError;
        try {
          got = parseCitizenQr(text, provinces, TODAY);
        } catch (e) {
          if (!(e instanceof DomainError) || !isMessageKey(e.code)) throw e;
          got = e;
        }
        if (got instanceof DomainError) {
          outcome.refused.set(got.code, (outcome.refused.get(got.code) ?? 0) + 1);
          if (want.accept === true) throw new Error(`refused (${got.code}) what the oracle accepts`);
        } else {
          outcome.accepted++;
          if (want.accept === false) throw new Error(`accepted what the oracle refuses (${want.why})`);
          if (want.accept === true) expect(got).toEqual(want.citizen);
          const broken = keepsTheRules(got);
          if (broken) throw new Error(`accepted a citizen that breaks the rule of the ${broken}: ${JSON.stringify(got)}`);
        }
        if (want.accept !== 'unknown') outcome.judged++;
      },
    );
    // The mutations reach every check, and the oracle judges most inputs.
    often(outcome.accepted, runs / 20, 'accepted scans');
    often(outcome.judged, runs * 0.8, 'scans the oracle judged');
    often(outcome.refused.size, 12, 'kinds of refusal');
  });
});
