// The citizen ID card (CCCD, 2021+; Căn cước, 2024+): parsing the QR on the card and checking the
// 12-digit number against the birth date and gender it encodes. Pure: the province table comes in.
import type { Province } from './config.js';
import { DomainError } from './errors.js';
import { cleanText, fold, hasUnsafeChars, nfc } from './text.js';

export type Gender = 'male' | 'female';

export interface Citizen {
  /** The 12-digit number. */
  id: string;
  /** The old 9- or 12-digit number, if the card carries one. */
  oldId: string | null;
  fullName: string;
  /** YYYY-MM-DD */
  dob: string;
  gender: Gender;
  address: string;
  /** YYYY-MM-DD, when known (manual entry may leave it out). */
  issueDate: string | null;
  /** Fields after the seventh (the 2024 card may carry more): kept as they are. */
  extra: string[];
  /** The scanned text as received (after NFC), for the record. */
  raw: string | null;
}

/** Input of a manual entry, with the same checks as a scan. */
export interface CitizenInput {
  id: string;
  oldId?: string | null;
  fullName: string;
  dob: string; // dd/mm/yyyy, ddmmyyyy or yyyy-mm-dd
  gender: string; // Nam / Nữ / male / female
  address: string;
  issueDate?: string | null;
}

/**
 * Text a scanner mis-decoded: the replacement character, CJK where Vietnamese belongs (UTF-8 read as
 * a legacy Asian code page), or UTF-8 read as Latin-1/Windows-1252 ("Nguyá»…n", "Ã", "VÅ©" for "Vũ").
 */
export function looksMisdecoded(s: string): boolean {
  return /\uFFFD/.test(s) || /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]/.test(s) || /Ã[\u0080-\u00BF]|á»|áº|Ä[\u0080-\u00BF‘]|[ÅÆ][\u0080-\u00BF]/.test(s);
}

/**
 * dd/mm/yyyy, ddmmyyyy or yyyy-mm-dd to yyyy-mm-dd, or undefined when it is not a real date. As a
 * person types it (`typed`, the default), the day and month may have one digit (1/2/1985) and '.'
 * or '-' may stand for '/'; a card's QR is read strictly (typed = false).
 */
export function parseDate(s: string, typed = true): string | undefined {
  const t = s.trim();
  let y: number, mo: number, d: number;
  const dmy = (typed && /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/.exec(t)) || /^(\d{2})(\/?)(\d{2})\/?(\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (dmy) [d, mo, y] = [Number(dmy[1]), Number(dmy[3]), Number(dmy[4])];
  else if (iso) [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return undefined;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parseGender(s: string): Gender | undefined {
  const g = nfc(s).trim().toLowerCase();
  if (g === 'nam' || g === 'male' || g === 'm') return 'male';
  if (g === 'nữ' || g === 'nu' || g === 'female' || g === 'f') return 'female';
  return undefined;
}

/** What the 4th digit of the number says: gender and the century of birth (Circular 07/2016). */
export function genderCentury(digit: number): { gender: Gender; century: number } {
  return { gender: digit % 2 === 0 ? 'male' : 'female', century: 1900 + Math.floor(digit / 2) * 100 };
}

/** "NGUYỄN THỊ HƯỜNG" -> "Nguyễn Thị Hường"; names already in mixed case are left as they are. */
export function displayName(name: string): string {
  const n = cleanText(name);
  if (n !== n.toLocaleUpperCase('vi')) return n;
  return n
    .toLocaleLowerCase('vi')
    .split(' ')
    .map((w) => (w ? w[0]!.toLocaleUpperCase('vi') + w.slice(1) : w))
    .join(' ');
}

/**
 * Check a citizen's data: the number's form and province, its gender/century digit and birth year
 * against the birth date and gender, real dates, an issue date after birth and not in the future.
 * `today` is YYYY-MM-DD. Each failure is its own DomainError.
 */
export function checkCitizen(input: CitizenInput, provinces: readonly Province[], today: string, raw: string | null = null, extra: string[] = []): Citizen {
  const id = input.id.trim();
  if (!/^\d{12}$/.test(id)) throw new DomainError('err.cccd.idFormat', { value: id });
  const province = id.slice(0, 3);
  if (!provinces.some((p) => p.code === province)) throw new DomainError('err.cccd.province', { code: province, id });
  const oldId = input.oldId?.trim() || null;
  if (oldId !== null && !/^(\d{9}|\d{12})$/.test(oldId)) throw new DomainError('err.cccd.oldId', { value: oldId });
  const fullName = displayName(input.fullName);
  if (!fullName || /\d/.test(fullName) || hasUnsafeChars(fullName)) throw new DomainError('err.cccd.name', { value: fullName });
  const dob = parseDate(input.dob, raw === null);
  if (!dob) throw new DomainError('err.cccd.dob', { value: input.dob });
  if (dob > today) throw new DomainError('err.cccd.dobFuture', { value: dob });
  const gender = parseGender(input.gender);
  if (!gender) throw new DomainError('err.cccd.gender', { value: input.gender });
  const { gender: idGender, century } = genderCentury(Number(id[3]));
  if (idGender !== gender) throw new DomainError('err.cccd.genderMismatch', { id, idGender: idGender === 'male' ? 'Nam' : 'Nữ', gender: gender === 'male' ? 'Nam' : 'Nữ' });
  const idYear = century + Number(id.slice(4, 6));
  const year = Number(dob.slice(0, 4));
  if (idYear !== year) throw new DomainError('err.cccd.yearMismatch', { id, idYear, year });
  let issueDate: string | null = null;
  if (input.issueDate && input.issueDate.trim()) {
    const d = parseDate(input.issueDate, raw === null);
    if (!d) throw new DomainError('err.cccd.issueDate', { value: input.issueDate });
    if (d <= dob) throw new DomainError('err.cccd.issueBeforeBirth', { issue: d, dob });
    if (d > today) throw new DomainError('err.cccd.issueFuture', { value: d });
    issueDate = d;
  }
  const address = cleanText(input.address);
  if (!address) throw new DomainError('err.cccd.address');
  return { id, oldId, fullName, dob, gender, address, issueDate, extra, raw };
}

/**
 * Parse the text of the QR on a citizen ID card. Accepted: the 7-field form
 * `ID|oldID|name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy`, the 6-field re-formatted form without the old ID
 * and with dates as dd/mm/yyyy, more fields after the seventh (kept in `extra`), a leading BOM and a
 * trailing CR/LF. Text the scanner mis-decoded is refused as such, never stored as a name.
 */
export function parseCitizenQr(text: string, provinces: readonly Province[], today: string): Citizen {
  const raw = nfc(text).replace(/[\r\n]+$/, '');
  // A control character inside the text (a NUL, a tab, a line break mid-way, ESC or the 8-bit CSI
  // U+009B) or a format character (a bidi override, a zero-width space) is a glitch or a hostile
  // code, never part of a card: refused whole, nothing of it stored.
  if (looksMisdecoded(raw) || hasUnsafeChars(raw)) throw new DomainError('err.cccd.encoding');
  const f = raw.split('|').map((x) => x.trim());
  let input: CitizenInput;
  let extra: string[] = [];
  if (f.length === 6) {
    input = { id: f[0]!, oldId: null, fullName: f[1]!, dob: f[2]!, gender: f[3]!, address: f[4]!, issueDate: f[5]! };
  } else if (f.length >= 7) {
    input = { id: f[0]!, oldId: f[1]!, fullName: f[2]!, dob: f[3]!, gender: f[4]!, address: f[5]!, issueDate: f[6]! };
    extra = f.slice(7);
  } else {
    throw new DomainError('err.cccd.fields', { count: f.length });
  }
  return checkCitizen(input, provinces, today, raw, extra);
}

/** Text with no Vietnamese marks left (what a keyboard-mode scanner or a typist without Vietnamese input gives). */
const unmarked = (s: string) => s === s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'));

/**
 * A citizen's text field seen again (a re-scanned card, a form): the stored text stays when the new
 * one is empty, or is the same words without their marks ("Nguyen Thi Huong" for "Nguyễn Thị
 * Hường"); any other difference is a change and is taken.
 */
export function keepField(known: string, next: string): string {
  if (!next.trim()) return known;
  if (fold(next) === fold(known) && unmarked(next) && !unmarked(known)) return known;
  return next;
}
