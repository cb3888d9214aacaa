import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { checkCitizen, displayName, genderCentury, keepField, looksMisdecoded, parseCitizenQr, parseDate, parseGender } from '../../src/core/citizen.js';
import { catalogues } from '../../src/i18n/index.js';
import { refusal } from '../helpers/refusal.js';

const { provinces } = loadDomainData();
const TODAY = '2026-11-23';
const ADDRESS = 'Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội';
// Hà Nội (001), female born in the 1900s (1), 1952 (52)
const QR7 = `001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|${ADDRESS}|10082021`;

const parse = (s: string) => parseCitizenQr(s, provinces, TODAY);

describe('citizen ID QR', () => {
  it('reads the 7-field card, keeps the raw text, title-cases an upper-case name', () => {
    const c = parse(QR7);
    expect(c).toMatchObject({ id: '001152012345', oldId: '012345678', fullName: 'Nguyễn Thị Hường', dob: '1952-03-15', gender: 'female', address: ADDRESS, issueDate: '2021-08-10', extra: [] });
    expect(c.raw).toBe(QR7);
  });

  it('accepts a leading BOM and a trailing CR, LF or CRLF', () => {
    for (const s of [`\uFEFF${QR7}`, `${QR7}\r`, `${QR7}\n`, `${QR7}\r\n`]) expect(parse(s).id).toBe('001152012345');
  });

  it('accepts an empty or 12-digit old ID', () => {
    expect(parse(QR7.replace('|012345678|', '||')).oldId).toBeNull();
    expect(parse(QR7.replace('|012345678|', '|001152000111|')).oldId).toBe('001152000111');
  });

  it('reads the 6-field re-formatted variant (no old ID, dates with slashes)', () => {
    const c = parse(`001152012345|Nguyễn Thị Hường|15/03/1952|Nữ|${ADDRESS}|10/08/2021`);
    expect(c).toMatchObject({ oldId: null, dob: '1952-03-15', issueDate: '2021-08-10', fullName: 'Nguyễn Thị Hường' });
  });

  it('keeps the extra fields of the 2024 card instead of rejecting them', () => {
    const c = parse(`${QR7}|Căn cước|khác`);
    expect(c.extra).toEqual(['Căn cước', 'khác']);
    expect(c.raw).toContain('Căn cước');
  });

  it('normalises decomposed (NFD) text to NFC', () => {
    const c = parse(QR7.normalize('NFD'));
    expect(c.fullName).toBe('Nguyễn Thị Hường'.normalize('NFC'));
    expect(c.address).toBe(ADDRESS.normalize('NFC'));
  });

  it('a male born in 2005 in Đà Nẵng', () => {
    expect(parse(`048205000123||TRẦN VĂN AN|01012005|Nam|Phường Hải Châu, Đà Nẵng|02022021`)).toMatchObject({ gender: 'male', dob: '2005-01-01' });
  });

  it('reports text the scanner mis-decoded as an encoding error, not a name', () => {
    for (const bad of [QR7.replace('HƯỜNG', 'H\uFFFDNG'), QR7.replace('NGUYỄN THỊ HƯỜNG', '阮氏香'), QR7.replace('NGUYỄN', 'NGUYá»„N')]) {
      expect(refusal(() => parse(bad)).code).toBe('err.cccd.encoding');
    }
    expect(looksMisdecoded('Nguyễn Thị Hường, Đắk Lắk')).toBe(false);
    expect(looksMisdecoded('NGÃ BA ĐỒNG LỘC, ĂN ĐẶNG')).toBe(false);
    // "Đặng" as UTF-8 read through Windows-1252
    expect(looksMisdecoded(Buffer.from('Đặng', 'utf8').toString('latin1').replace('\u0090', '\u2018'))).toBe(true);
  });

  it('every Vietnamese letter whose UTF-8 was read as Latin-1 or Windows-1252 is seen as garbled, and no real Vietnamese text is', () => {
    const lower = [...'àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ'];
    const letters = [...lower, ...lower.map((c) => c.toLocaleUpperCase('vi'))];
    const cp1252 = new TextDecoder('windows-1252');
    const missed: string[] = [];
    for (const ch of letters) {
      const bytes = Buffer.from(ch, 'utf8');
      for (const garbled of [bytes.toString('latin1'), cp1252.decode(bytes)]) if (!looksMisdecoded(`Nguy${garbled}n`)) missed.push(`${ch} as ${JSON.stringify(garbled)}`);
    }
    expect(missed).toEqual([]);
    expect(looksMisdecoded(letters.join(' '))).toBe(false);
    // "Vũ" through the wrong code page: refused as garbled, not stored as the name "VÅ©"
    expect(refusal(() => parse(QR7.replace('NGUYỄN THỊ HƯỜNG', Buffer.from('VŨ THỊ ƯNG', 'utf8').toString('latin1')))).code).toBe('err.cccd.encoding');
  });

  it('gives each failure its own message', () => {
    // each with the parameters its message shows the operator
    const cases: [string, string, Record<string, unknown>][] = [
      ['001152012345|Nguyễn', 'err.cccd.fields', { count: 2 }],
      [QR7.replace('001152012345', '00115201234'), 'err.cccd.idFormat', { value: '00115201234' }],
      [QR7.replace('001152012345', '003152012345'), 'err.cccd.province', { code: '003', id: '003152012345' }],
      [QR7.replace('|012345678|', '|01234567|'), 'err.cccd.oldId', { value: '01234567' }],
      [QR7.replace('NGUYỄN THỊ HƯỜNG', 'NGUYỄN THỊ HƯỜNG 2'), 'err.cccd.name', { value: 'Nguyễn Thị Hường 2' }],
      [QR7.replace('NGUYỄN THỊ HƯỜNG', ' '), 'err.cccd.name', { value: '' }],
      [QR7.replace('15031952', '31021952'), 'err.cccd.dob', { value: '31021952' }],
      // a baby's card typed in before the birth: the number made for 2027, no issue date to give it away
      [`001327012345||Bé Na|01012027|Nữ|${ADDRESS}|`, 'err.cccd.dobFuture', { value: '2027-01-01' }],
      // born later today's year: the birth year agrees with the number, only the day is in the future
      [`001326012345||Bé Na|24/11/2026|Nữ|${ADDRESS}|`, 'err.cccd.dobFuture', { value: '2026-11-24' }],
      [QR7.replace('|Nữ|', '|X|'), 'err.cccd.gender', { value: 'X' }],
      [QR7.replace('|Nữ|', '|Nam|'), 'err.cccd.genderMismatch', { id: '001152012345', idGender: 'Nữ', gender: 'Nam' }],
      ['001052012345||Trần Văn An|15031952|Nữ|Hà Nội|', 'err.cccd.genderMismatch', { id: '001052012345', idGender: 'Nam', gender: 'Nữ' }],
      [QR7.replace('15031952', '15031953'), 'err.cccd.yearMismatch', { id: '001152012345', idYear: 1952, year: 1953 }],
      [QR7.replace('10082021', '32082021'), 'err.cccd.issueDate', { value: '32082021' }],
      [QR7.replace('10082021', '10081950'), 'err.cccd.issueBeforeBirth', { issue: '1950-08-10', dob: '1952-03-15' }],
      [QR7.replace('10082021', '10082027'), 'err.cccd.issueFuture', { value: '2027-08-10' }],
      [QR7.replace('10082021', '24112026'), 'err.cccd.issueFuture', { value: '2026-11-24' }],
      [QR7.replace(ADDRESS, ' '), 'err.cccd.address', {}],
      [QR7.replace('NGUYỄN', 'NGUY\u0000N'), 'err.cccd.encoding', {}],
    ];
    for (const [qr, code, params] of cases) {
      const e = refusal(() => parse(qr));
      expect([qr, e.code, e.params ?? {}]).toEqual([qr, code, params]);
    }
    // every message of the ID card's checks is reached by one of the cases
    const keys = Object.keys(catalogues.en).filter((k) => k.startsWith('err.cccd.'));
    expect(new Set(cases.map(([, code]) => code))).toEqual(new Set(keys));
    // born today, issued today: neither is in the future
    expect(parse(`001326012345||Bé Na|23/11/2026|Nữ|${ADDRESS}|`).dob).toBe(TODAY);
    expect(parse(QR7.replace('10082021', '23112026')).issueDate).toBe(TODAY);
    const e = refusal(() => parse(QR7.replace('15031952', '15031953')));
    expect(e.params).toMatchObject({ year: 1953, idYear: 1952 });
  });

  it('manual entry goes through the same checks; what is typed around the values is trimmed', () => {
    const ok = checkCitizen({ id: ' 001152012345 ', oldId: ' 012345678 ', fullName: 'nguyễn thị hường', dob: '1952-03-15', gender: 'nữ', address: ADDRESS, issueDate: '   ' }, provinces, TODAY);
    expect(ok).toEqual({ id: '001152012345', oldId: '012345678', fullName: 'nguyễn thị hường', dob: '1952-03-15', gender: 'female', address: ADDRESS, issueDate: null, extra: [], raw: null });
    // spaces around the fields of a scan, extra fields included
    expect(parse(` 001152012345 | 012345678 | NGUYỄN THỊ HƯỜNG | 15031952 | Nữ | ${ADDRESS} | 10082021 | Căn cước `)).toMatchObject({ id: '001152012345', oldId: '012345678', issueDate: '2021-08-10', extra: ['Căn cước'] });
    expect(refusal(() => checkCitizen({ id: '001152012345', fullName: 'Lan', dob: '15/03/1952', gender: 'Nam', address: ADDRESS }, provinces, TODAY)).code).toBe('err.cccd.genderMismatch');
  });
});

describe('citizen helpers', () => {
  it('gender and century from the 4th digit (Circular 07/2016)', () => {
    expect(genderCentury(0)).toEqual({ gender: 'male', century: 1900 });
    expect(genderCentury(1)).toEqual({ gender: 'female', century: 1900 });
    expect(genderCentury(2)).toEqual({ gender: 'male', century: 2000 });
    expect(genderCentury(5)).toEqual({ gender: 'female', century: 2100 });
  });
  it('gender in the words of a card or an operator, spaces and case aside', () => {
    expect(['Nam', ' nam ', 'NAM', 'male', 'M', 'm'].map(parseGender)).toEqual(Array(6).fill('male'));
    expect(['Nữ', ' nữ ', 'NỮ', 'nu', 'Nu', 'female', 'F', 'f', 'Nu\u0303'.normalize('NFD')].map(parseGender)).toEqual([...Array(8).fill('female'), undefined]);
    expect(parseGender('N\u1eef'.normalize('NFD'))).toBe('female');
    expect(['', 'x', 'nam nữ', 'khác'].map(parseGender)).toEqual([undefined, undefined, undefined, undefined]);
  });
  it('dates in three forms, only real ones; day and month of one digit too (1/2/1985)', () => {
    // years before 100 are not taken for 19xx (Date.UTC would)
    expect(parseDate('01/01/0099')).toBeUndefined();
    expect(parseDate('0099-01-01')).toBeUndefined();
    expect(parseDate('01/01/0100')).toBe('0100-01-01');
    expect(parseDate('29022024')).toBe('2024-02-29');
    expect(parseDate('29/02/2023')).toBeUndefined();
    expect(parseDate('2026-11-23')).toBe('2026-11-23');
    // As met: 1/2/1985 was refused.
    expect(parseDate('1/2/1985')).toBe('1985-02-01');
    expect(parseDate(' 01/2/1985 ')).toBe('1985-02-01');
    expect(parseDate('1.2.1985')).toBe('1985-02-01');
    expect(parseDate('1-2-1985')).toBe('1985-02-01');
    expect(parseDate('1/2-1985')).toBeUndefined();
    expect(parseDate('31/4/1985')).toBeUndefined();
    expect(parseDate('1/2/85')).toBeUndefined();
    expect(parseDate('123/2/1985')).toBeUndefined();
    expect(parseDate('1021985')).toBeUndefined();
  });
  it('a typed date may have a one-digit day or month, and a two-digit one with any separator', () => {
    expect(parseDate('5.12.1990')).toBe('1990-12-05');
    expect(parseDate('15-12-1990')).toBe('1990-12-15');
    expect(parseDate('1/12/1990')).toBe('1990-12-01');
    // a card's QR is read strictly
    expect(parseDate('5.12.1990', false)).toBeUndefined();
    expect(parseDate('15/12/1990', false)).toBe('1990-12-15');
  });
  it('typed dates are read as a person types them, a scanned card strictly', () => {
    const typed = checkCitizen({ id: '001152012345', oldId: null, fullName: 'Nguyễn Thị Hường', dob: '5/3/1952', gender: 'Nữ', address: ADDRESS, issueDate: '1/8/2021' }, provinces, TODAY);
    expect([typed.dob, typed.issueDate]).toEqual(['1952-03-05', '2021-08-01']);
    expect(refusal(() => parse(QR7.replace('15031952', '5/3/1952')))).toMatchObject({ code: 'err.cccd.dob', params: { value: '5/3/1952' } });
    expect(refusal(() => parse(QR7.replace('10082021', '1/8/2021')))).toMatchObject({ code: 'err.cccd.issueDate', params: { value: '1/8/2021' } });
  });
  it('a field seen again keeps the stored text when the new one is empty or the same words without marks', () => {
    const name = 'Nguyễn Thị Hường';
    expect(keepField(name, '')).toBe(name);
    expect(keepField(name, '   ')).toBe(name);
    expect(keepField(name, 'Nguyen Thi Huong')).toBe(name);
    expect(keepField(name, 'NGUYEN THI HUONG')).toBe(name);
    expect(keepField('Thôn Đồi Dùng', 'Thon Doi Dung')).toBe('Thôn Đồi Dùng');
    // any other difference is a change: other marks, other words, marks where there were none
    expect(keepField(name, 'Nguyễn Thị Hương')).toBe('Nguyễn Thị Hương');
    expect(keepField(name, 'Tran Van Ba')).toBe('Tran Van Ba');
    expect(keepField('Nguyen Thi Huong', name)).toBe(name);
    expect(keepField('Thon Doi Dung', 'Thon Đoi Dung')).toBe('Thon Đoi Dung');
    expect(keepField('Tran Van Ba', 'Tran Van Bay')).toBe('Tran Van Bay');
  });
  it('title case for upper-case names only', () => {
    expect(displayName('  ĐẶNG   THỊ  ÁNH ')).toBe('Đặng Thị Ánh');
    expect(displayName('Lò Văn Páo')).toBe('Lò Văn Páo');
  });
  it('the province table has the 63 codes of Circular 07/2016', () => {
    expect(provinces).toHaveLength(63);
    expect(provinces[0]).toEqual({ code: '001', name: 'Hà Nội' });
    expect(provinces.at(-1)).toEqual({ code: '096', name: 'Cà Mau' });
  });
});
