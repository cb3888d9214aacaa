// @ts-nocheck
// The citizen ID card (CCCD, 2021+; Căn cước, 2024+): parsing the QR on the card and checking the
// 12-digit number against the birth date and gender it encodes. Pure: the province table comes in.
function stryNS_9fa48() {
  var g = typeof globalThis === 'object' && globalThis && globalThis.Math === Math && globalThis || new Function("return this")();
  var ns = g.__stryker__ || (g.__stryker__ = {});
  if (ns.activeMutant === undefined && g.process && g.process.env && g.process.env.__STRYKER_ACTIVE_MUTANT__) {
    ns.activeMutant = g.process.env.__STRYKER_ACTIVE_MUTANT__;
  }
  function retrieveNS() {
    return ns;
  }
  stryNS_9fa48 = retrieveNS;
  return retrieveNS();
}
stryNS_9fa48();
function stryCov_9fa48() {
  var ns = stryNS_9fa48();
  var cov = ns.mutantCoverage || (ns.mutantCoverage = {
    static: {},
    perTest: {}
  });
  function cover() {
    var c = cov.static;
    if (ns.currentTestId) {
      c = cov.perTest[ns.currentTestId] = cov.perTest[ns.currentTestId] || {};
    }
    var a = arguments;
    for (var i = 0; i < a.length; i++) {
      c[a[i]] = (c[a[i]] || 0) + 1;
    }
  }
  stryCov_9fa48 = cover;
  cover.apply(null, arguments);
}
function stryMutAct_9fa48(id) {
  var ns = stryNS_9fa48();
  function isActive(id) {
    if (ns.activeMutant === id) {
      if (ns.hitCount !== void 0 && ++ns.hitCount > ns.hitLimit) {
        throw new Error('Stryker: Hit count limit reached (' + ns.hitCount + ')');
      }
      return true;
    }
    return false;
  }
  stryMutAct_9fa48 = isActive;
  return isActive(id);
}
import type { Province } from './config.js';
import { DomainError } from './errors.js';
import { cleanText, nfc } from './text.js';
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
  if (stryMutAct_9fa48("0")) {
    {}
  } else {
    stryCov_9fa48("0");
    return stryMutAct_9fa48("3") ? (/\uFFFD/.test(s) || /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]/.test(s)) && /Ã[\u0080-\u00BF]|á»|áº|Ä[\u0080-\u00BF‘]|[ÅÆ][\u0080-\u00BF]/.test(s) : stryMutAct_9fa48("2") ? false : stryMutAct_9fa48("1") ? true : (stryCov_9fa48("1", "2", "3"), (stryMutAct_9fa48("5") ? /\uFFFD/.test(s) && /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]/.test(s) : stryMutAct_9fa48("4") ? false : (stryCov_9fa48("4", "5"), /\uFFFD/.test(s) || (stryMutAct_9fa48("6") ? /[^\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]/ : (stryCov_9fa48("6"), /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]/)).test(s))) || (stryMutAct_9fa48("10") ? /Ã[\u0080-\u00BF]|á»|áº|Ä[\u0080-\u00BF‘]|[ÅÆ][^\u0080-\u00BF]/ : stryMutAct_9fa48("9") ? /Ã[\u0080-\u00BF]|á»|áº|Ä[\u0080-\u00BF‘]|[^ÅÆ][\u0080-\u00BF]/ : stryMutAct_9fa48("8") ? /Ã[\u0080-\u00BF]|á»|áº|Ä[^\u0080-\u00BF‘]|[ÅÆ][\u0080-\u00BF]/ : stryMutAct_9fa48("7") ? /Ã[^\u0080-\u00BF]|á»|áº|Ä[\u0080-\u00BF‘]|[ÅÆ][\u0080-\u00BF]/ : (stryCov_9fa48("7", "8", "9", "10"), /Ã[\u0080-\u00BF]|á»|áº|Ä[\u0080-\u00BF‘]|[ÅÆ][\u0080-\u00BF]/)).test(s));
  }
}

/** dd/mm/yyyy, ddmmyyyy or yyyy-mm-dd to yyyy-mm-dd, or undefined when it is not a real date. */
export function parseDate(s: string): string | undefined {
  if (stryMutAct_9fa48("11")) {
    {}
  } else {
    stryCov_9fa48("11");
    const t = stryMutAct_9fa48("12") ? s : (stryCov_9fa48("12"), s.trim());
    let m = (stryMutAct_9fa48("22") ? /^(\d{2})\/?(\d{2})\/?(\D{4})$/ : stryMutAct_9fa48("21") ? /^(\d{2})\/?(\d{2})\/?(\d)$/ : stryMutAct_9fa48("20") ? /^(\d{2})\/?(\d{2})\/(\d{4})$/ : stryMutAct_9fa48("19") ? /^(\d{2})\/?(\D{2})\/?(\d{4})$/ : stryMutAct_9fa48("18") ? /^(\d{2})\/?(\d)\/?(\d{4})$/ : stryMutAct_9fa48("17") ? /^(\d{2})\/(\d{2})\/?(\d{4})$/ : stryMutAct_9fa48("16") ? /^(\D{2})\/?(\d{2})\/?(\d{4})$/ : stryMutAct_9fa48("15") ? /^(\d)\/?(\d{2})\/?(\d{4})$/ : stryMutAct_9fa48("14") ? /^(\d{2})\/?(\d{2})\/?(\d{4})/ : stryMutAct_9fa48("13") ? /(\d{2})\/?(\d{2})\/?(\d{4})$/ : (stryCov_9fa48("13", "14", "15", "16", "17", "18", "19", "20", "21", "22"), /^(\d{2})\/?(\d{2})\/?(\d{4})$/)).exec(t);
    let y: number, mo: number, d: number;
    if (stryMutAct_9fa48("24") ? false : stryMutAct_9fa48("23") ? true : (stryCov_9fa48("23", "24"), m)) {
      if (stryMutAct_9fa48("25")) {
        {}
      } else {
        stryCov_9fa48("25");
        [d, mo, y] = stryMutAct_9fa48("26") ? [] : (stryCov_9fa48("26"), [Number(m[1]), Number(m[2]), Number(m[3])]);
      }
    } else {
      if (stryMutAct_9fa48("27")) {
        {}
      } else {
        stryCov_9fa48("27");
        m = (stryMutAct_9fa48("35") ? /^(\d{4})-(\d{2})-(\D{2})$/ : stryMutAct_9fa48("34") ? /^(\d{4})-(\d{2})-(\d)$/ : stryMutAct_9fa48("33") ? /^(\d{4})-(\D{2})-(\d{2})$/ : stryMutAct_9fa48("32") ? /^(\d{4})-(\d)-(\d{2})$/ : stryMutAct_9fa48("31") ? /^(\D{4})-(\d{2})-(\d{2})$/ : stryMutAct_9fa48("30") ? /^(\d)-(\d{2})-(\d{2})$/ : stryMutAct_9fa48("29") ? /^(\d{4})-(\d{2})-(\d{2})/ : stryMutAct_9fa48("28") ? /(\d{4})-(\d{2})-(\d{2})$/ : (stryCov_9fa48("28", "29", "30", "31", "32", "33", "34", "35"), /^(\d{4})-(\d{2})-(\d{2})$/)).exec(t);
        if (stryMutAct_9fa48("38") ? false : stryMutAct_9fa48("37") ? true : stryMutAct_9fa48("36") ? m : (stryCov_9fa48("36", "37", "38"), !m)) return undefined;
        [y, mo, d] = stryMutAct_9fa48("39") ? [] : (stryCov_9fa48("39"), [Number(m[1]), Number(m[2]), Number(m[3])]);
      }
    }
    const dt = new Date(Date.UTC(y, stryMutAct_9fa48("40") ? mo + 1 : (stryCov_9fa48("40"), mo - 1), d));
    if (stryMutAct_9fa48("43") ? (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1) && dt.getUTCDate() !== d : stryMutAct_9fa48("42") ? false : stryMutAct_9fa48("41") ? true : (stryCov_9fa48("41", "42", "43"), (stryMutAct_9fa48("45") ? dt.getUTCFullYear() !== y && dt.getUTCMonth() !== mo - 1 : stryMutAct_9fa48("44") ? false : (stryCov_9fa48("44", "45"), (stryMutAct_9fa48("47") ? dt.getUTCFullYear() === y : stryMutAct_9fa48("46") ? false : (stryCov_9fa48("46", "47"), dt.getUTCFullYear() !== y)) || (stryMutAct_9fa48("49") ? dt.getUTCMonth() === mo - 1 : stryMutAct_9fa48("48") ? false : (stryCov_9fa48("48", "49"), dt.getUTCMonth() !== (stryMutAct_9fa48("50") ? mo + 1 : (stryCov_9fa48("50"), mo - 1)))))) || (stryMutAct_9fa48("52") ? dt.getUTCDate() === d : stryMutAct_9fa48("51") ? false : (stryCov_9fa48("51", "52"), dt.getUTCDate() !== d)))) return undefined;
    return stryMutAct_9fa48("53") ? `` : (stryCov_9fa48("53"), `${String(y).padStart(4, stryMutAct_9fa48("54") ? "" : (stryCov_9fa48("54"), '0'))}-${String(mo).padStart(2, stryMutAct_9fa48("55") ? "" : (stryCov_9fa48("55"), '0'))}-${String(d).padStart(2, stryMutAct_9fa48("56") ? "" : (stryCov_9fa48("56"), '0'))}`);
  }
}
export function parseGender(s: string): Gender | undefined {
  if (stryMutAct_9fa48("57")) {
    {}
  } else {
    stryCov_9fa48("57");
    const g = stryMutAct_9fa48("59") ? nfc(s).toLowerCase() : stryMutAct_9fa48("58") ? nfc(s).trim().toUpperCase() : (stryCov_9fa48("58", "59"), nfc(s).trim().toLowerCase());
    if (stryMutAct_9fa48("62") ? (g === 'nam' || g === 'male') && g === 'm' : stryMutAct_9fa48("61") ? false : stryMutAct_9fa48("60") ? true : (stryCov_9fa48("60", "61", "62"), (stryMutAct_9fa48("64") ? g === 'nam' && g === 'male' : stryMutAct_9fa48("63") ? false : (stryCov_9fa48("63", "64"), (stryMutAct_9fa48("66") ? g !== 'nam' : stryMutAct_9fa48("65") ? false : (stryCov_9fa48("65", "66"), g === (stryMutAct_9fa48("67") ? "" : (stryCov_9fa48("67"), 'nam')))) || (stryMutAct_9fa48("69") ? g !== 'male' : stryMutAct_9fa48("68") ? false : (stryCov_9fa48("68", "69"), g === (stryMutAct_9fa48("70") ? "" : (stryCov_9fa48("70"), 'male')))))) || (stryMutAct_9fa48("72") ? g !== 'm' : stryMutAct_9fa48("71") ? false : (stryCov_9fa48("71", "72"), g === (stryMutAct_9fa48("73") ? "" : (stryCov_9fa48("73"), 'm')))))) return stryMutAct_9fa48("74") ? "" : (stryCov_9fa48("74"), 'male');
    if (stryMutAct_9fa48("77") ? (g === 'nữ' || g === 'nu' || g === 'female') && g === 'f' : stryMutAct_9fa48("76") ? false : stryMutAct_9fa48("75") ? true : (stryCov_9fa48("75", "76", "77"), (stryMutAct_9fa48("79") ? (g === 'nữ' || g === 'nu') && g === 'female' : stryMutAct_9fa48("78") ? false : (stryCov_9fa48("78", "79"), (stryMutAct_9fa48("81") ? g === 'nữ' && g === 'nu' : stryMutAct_9fa48("80") ? false : (stryCov_9fa48("80", "81"), (stryMutAct_9fa48("83") ? g !== 'nữ' : stryMutAct_9fa48("82") ? false : (stryCov_9fa48("82", "83"), g === (stryMutAct_9fa48("84") ? "" : (stryCov_9fa48("84"), 'nữ')))) || (stryMutAct_9fa48("86") ? g !== 'nu' : stryMutAct_9fa48("85") ? false : (stryCov_9fa48("85", "86"), g === (stryMutAct_9fa48("87") ? "" : (stryCov_9fa48("87"), 'nu')))))) || (stryMutAct_9fa48("89") ? g !== 'female' : stryMutAct_9fa48("88") ? false : (stryCov_9fa48("88", "89"), g === (stryMutAct_9fa48("90") ? "" : (stryCov_9fa48("90"), 'female')))))) || (stryMutAct_9fa48("92") ? g !== 'f' : stryMutAct_9fa48("91") ? false : (stryCov_9fa48("91", "92"), g === (stryMutAct_9fa48("93") ? "" : (stryCov_9fa48("93"), 'f')))))) return stryMutAct_9fa48("94") ? "" : (stryCov_9fa48("94"), 'female');
    return undefined;
  }
}

/** What the 4th digit of the number says: gender and the century of birth (Circular 07/2016). */
export function genderCentury(digit: number): {
  gender: Gender;
  century: number;
} {
  if (stryMutAct_9fa48("95")) {
    {}
  } else {
    stryCov_9fa48("95");
    return stryMutAct_9fa48("96") ? {} : (stryCov_9fa48("96"), {
      gender: (stryMutAct_9fa48("99") ? digit % 2 !== 0 : stryMutAct_9fa48("98") ? false : stryMutAct_9fa48("97") ? true : (stryCov_9fa48("97", "98", "99"), (stryMutAct_9fa48("100") ? digit * 2 : (stryCov_9fa48("100"), digit % 2)) === 0)) ? stryMutAct_9fa48("101") ? "" : (stryCov_9fa48("101"), 'male') : stryMutAct_9fa48("102") ? "" : (stryCov_9fa48("102"), 'female'),
      century: stryMutAct_9fa48("103") ? 1900 - Math.floor(digit / 2) * 100 : (stryCov_9fa48("103"), 1900 + (stryMutAct_9fa48("104") ? Math.floor(digit / 2) / 100 : (stryCov_9fa48("104"), Math.floor(stryMutAct_9fa48("105") ? digit * 2 : (stryCov_9fa48("105"), digit / 2)) * 100)))
    });
  }
}

/** "NGUYỄN THỊ HƯỜNG" -> "Nguyễn Thị Hường"; names already in mixed case are left as they are. */
export function displayName(name: string): string {
  if (stryMutAct_9fa48("106")) {
    {}
  } else {
    stryCov_9fa48("106");
    const n = cleanText(name);
    if (stryMutAct_9fa48("109") ? n === n.toLocaleUpperCase('vi') : stryMutAct_9fa48("108") ? false : stryMutAct_9fa48("107") ? true : (stryCov_9fa48("107", "108", "109"), n !== (stryMutAct_9fa48("110") ? n.toLocaleLowerCase('vi') : (stryCov_9fa48("110"), n.toLocaleUpperCase(stryMutAct_9fa48("111") ? "" : (stryCov_9fa48("111"), 'vi')))))) return n;
    return stryMutAct_9fa48("112") ? n.toLocaleUpperCase('vi').split(' ').map(w => w ? w[0]!.toLocaleUpperCase('vi') + w.slice(1) : w).join(' ') : (stryCov_9fa48("112"), n.toLocaleLowerCase(stryMutAct_9fa48("113") ? "" : (stryCov_9fa48("113"), 'vi')).split(stryMutAct_9fa48("114") ? "" : (stryCov_9fa48("114"), ' ')).map(stryMutAct_9fa48("115") ? () => undefined : (stryCov_9fa48("115"), w => w ? stryMutAct_9fa48("116") ? w[0]!.toLocaleUpperCase('vi') - w.slice(1) : (stryCov_9fa48("116"), (stryMutAct_9fa48("117") ? w[0]!.toLocaleLowerCase('vi') : (stryCov_9fa48("117"), w[0]!.toLocaleUpperCase(stryMutAct_9fa48("118") ? "" : (stryCov_9fa48("118"), 'vi')))) + (stryMutAct_9fa48("119") ? w : (stryCov_9fa48("119"), w.slice(1)))) : w)).join(stryMutAct_9fa48("120") ? "" : (stryCov_9fa48("120"), ' ')));
  }
}

/**
 * Check a citizen's data: the number's form and province, its gender/century digit and birth year
 * against the birth date and gender, real dates, an issue date after birth and not in the future.
 * `today` is YYYY-MM-DD. Each failure is its own DomainError.
 */
export function checkCitizen(input: CitizenInput, provinces: readonly Province[], today: string, raw: string | null = null, extra: string[] = stryMutAct_9fa48("121") ? ["Stryker was here"] : (stryCov_9fa48("121"), [])): Citizen {
  if (stryMutAct_9fa48("122")) {
    {}
  } else {
    stryCov_9fa48("122");
    const id = stryMutAct_9fa48("123") ? input.id : (stryCov_9fa48("123"), input.id.trim());
    if (stryMutAct_9fa48("126") ? false : stryMutAct_9fa48("125") ? true : stryMutAct_9fa48("124") ? /^\d{12}$/.test(id) : (stryCov_9fa48("124", "125", "126"), !(stryMutAct_9fa48("130") ? /^\D{12}$/ : stryMutAct_9fa48("129") ? /^\d$/ : stryMutAct_9fa48("128") ? /^\d{12}/ : stryMutAct_9fa48("127") ? /\d{12}$/ : (stryCov_9fa48("127", "128", "129", "130"), /^\d{12}$/)).test(id))) throw new DomainError(stryMutAct_9fa48("131") ? "" : (stryCov_9fa48("131"), 'err.cccd.idFormat'), stryMutAct_9fa48("132") ? {} : (stryCov_9fa48("132"), {
      value: id
    }));
    const province = stryMutAct_9fa48("133") ? id : (stryCov_9fa48("133"), id.slice(0, 3));
    if (stryMutAct_9fa48("136") ? false : stryMutAct_9fa48("135") ? true : stryMutAct_9fa48("134") ? provinces.some(p => p.code === province) : (stryCov_9fa48("134", "135", "136"), !(stryMutAct_9fa48("137") ? provinces.every(p => p.code === province) : (stryCov_9fa48("137"), provinces.some(stryMutAct_9fa48("138") ? () => undefined : (stryCov_9fa48("138"), p => stryMutAct_9fa48("141") ? p.code !== province : stryMutAct_9fa48("140") ? false : stryMutAct_9fa48("139") ? true : (stryCov_9fa48("139", "140", "141"), p.code === province))))))) throw new DomainError(stryMutAct_9fa48("142") ? "" : (stryCov_9fa48("142"), 'err.cccd.province'), stryMutAct_9fa48("143") ? {} : (stryCov_9fa48("143"), {
      code: province,
      id
    }));
    const oldId = stryMutAct_9fa48("146") ? input.oldId?.trim() && null : stryMutAct_9fa48("145") ? false : stryMutAct_9fa48("144") ? true : (stryCov_9fa48("144", "145", "146"), (stryMutAct_9fa48("148") ? input.oldId.trim() : stryMutAct_9fa48("147") ? input.oldId : (stryCov_9fa48("147", "148"), input.oldId?.trim())) || null);
    if (stryMutAct_9fa48("151") ? oldId !== null || !/^(\d{9}|\d{12})$/.test(oldId) : stryMutAct_9fa48("150") ? false : stryMutAct_9fa48("149") ? true : (stryCov_9fa48("149", "150", "151"), (stryMutAct_9fa48("153") ? oldId === null : stryMutAct_9fa48("152") ? true : (stryCov_9fa48("152", "153"), oldId !== null)) && (stryMutAct_9fa48("154") ? /^(\d{9}|\d{12})$/.test(oldId) : (stryCov_9fa48("154"), !(stryMutAct_9fa48("160") ? /^(\d{9}|\D{12})$/ : stryMutAct_9fa48("159") ? /^(\d{9}|\d)$/ : stryMutAct_9fa48("158") ? /^(\D{9}|\d{12})$/ : stryMutAct_9fa48("157") ? /^(\d|\d{12})$/ : stryMutAct_9fa48("156") ? /^(\d{9}|\d{12})/ : stryMutAct_9fa48("155") ? /(\d{9}|\d{12})$/ : (stryCov_9fa48("155", "156", "157", "158", "159", "160"), /^(\d{9}|\d{12})$/)).test(oldId))))) throw new DomainError(stryMutAct_9fa48("161") ? "" : (stryCov_9fa48("161"), 'err.cccd.oldId'), stryMutAct_9fa48("162") ? {} : (stryCov_9fa48("162"), {
      value: oldId
    }));
    const fullName = displayName(input.fullName);
    if (stryMutAct_9fa48("165") ? !fullName && /[\d\x00-\x1f\x7f]/.test(fullName) : stryMutAct_9fa48("164") ? false : stryMutAct_9fa48("163") ? true : (stryCov_9fa48("163", "164", "165"), (stryMutAct_9fa48("166") ? fullName : (stryCov_9fa48("166"), !fullName)) || (stryMutAct_9fa48("168") ? /[\D\x00-\x1f\x7f]/ : stryMutAct_9fa48("167") ? /[^\d\x00-\x1f\x7f]/ : (stryCov_9fa48("167", "168"), /[\d\x00-\x1f\x7f]/)).test(fullName))) throw new DomainError(stryMutAct_9fa48("169") ? "" : (stryCov_9fa48("169"), 'err.cccd.name'), stryMutAct_9fa48("170") ? {} : (stryCov_9fa48("170"), {
      value: fullName
    }));
    const dob = parseDate(input.dob);
    if (stryMutAct_9fa48("173") ? false : stryMutAct_9fa48("172") ? true : stryMutAct_9fa48("171") ? dob : (stryCov_9fa48("171", "172", "173"), !dob)) throw new DomainError(stryMutAct_9fa48("174") ? "" : (stryCov_9fa48("174"), 'err.cccd.dob'), stryMutAct_9fa48("175") ? {} : (stryCov_9fa48("175"), {
      value: input.dob
    }));
    if (stryMutAct_9fa48("179") ? dob <= today : stryMutAct_9fa48("178") ? dob >= today : stryMutAct_9fa48("177") ? false : stryMutAct_9fa48("176") ? true : (stryCov_9fa48("176", "177", "178", "179"), dob > today)) throw new DomainError(stryMutAct_9fa48("180") ? "" : (stryCov_9fa48("180"), 'err.cccd.dobFuture'), stryMutAct_9fa48("181") ? {} : (stryCov_9fa48("181"), {
      value: dob
    }));
    const gender = parseGender(input.gender);
    if (stryMutAct_9fa48("184") ? false : stryMutAct_9fa48("183") ? true : stryMutAct_9fa48("182") ? gender : (stryCov_9fa48("182", "183", "184"), !gender)) throw new DomainError(stryMutAct_9fa48("185") ? "" : (stryCov_9fa48("185"), 'err.cccd.gender'), stryMutAct_9fa48("186") ? {} : (stryCov_9fa48("186"), {
      value: input.gender
    }));
    const {
      gender: idGender,
      century
    } = genderCentury(Number(id[3]));
    if (stryMutAct_9fa48("189") ? idGender === gender : stryMutAct_9fa48("188") ? false : stryMutAct_9fa48("187") ? true : (stryCov_9fa48("187", "188", "189"), idGender !== gender)) throw new DomainError(stryMutAct_9fa48("190") ? "" : (stryCov_9fa48("190"), 'err.cccd.genderMismatch'), stryMutAct_9fa48("191") ? {} : (stryCov_9fa48("191"), {
      id,
      idGender: (stryMutAct_9fa48("194") ? idGender !== 'male' : stryMutAct_9fa48("193") ? false : stryMutAct_9fa48("192") ? true : (stryCov_9fa48("192", "193", "194"), idGender === (stryMutAct_9fa48("195") ? "" : (stryCov_9fa48("195"), 'male')))) ? stryMutAct_9fa48("196") ? "" : (stryCov_9fa48("196"), 'Nam') : stryMutAct_9fa48("197") ? "" : (stryCov_9fa48("197"), 'Nữ'),
      gender: (stryMutAct_9fa48("200") ? gender !== 'male' : stryMutAct_9fa48("199") ? false : stryMutAct_9fa48("198") ? true : (stryCov_9fa48("198", "199", "200"), gender === (stryMutAct_9fa48("201") ? "" : (stryCov_9fa48("201"), 'male')))) ? stryMutAct_9fa48("202") ? "" : (stryCov_9fa48("202"), 'Nam') : stryMutAct_9fa48("203") ? "" : (stryCov_9fa48("203"), 'Nữ')
    }));
    const idYear = stryMutAct_9fa48("204") ? century - Number(id.slice(4, 6)) : (stryCov_9fa48("204"), century + Number(stryMutAct_9fa48("205") ? id : (stryCov_9fa48("205"), id.slice(4, 6))));
    const year = Number(stryMutAct_9fa48("206") ? dob : (stryCov_9fa48("206"), dob.slice(0, 4)));
    if (stryMutAct_9fa48("209") ? idYear === year : stryMutAct_9fa48("208") ? false : stryMutAct_9fa48("207") ? true : (stryCov_9fa48("207", "208", "209"), idYear !== year)) throw new DomainError(stryMutAct_9fa48("210") ? "" : (stryCov_9fa48("210"), 'err.cccd.yearMismatch'), stryMutAct_9fa48("211") ? {} : (stryCov_9fa48("211"), {
      id,
      idYear,
      year
    }));
    let issueDate: string | null = null;
    if (stryMutAct_9fa48("214") ? input.issueDate || input.issueDate.trim() : stryMutAct_9fa48("213") ? false : stryMutAct_9fa48("212") ? true : (stryCov_9fa48("212", "213", "214"), input.issueDate && (stryMutAct_9fa48("215") ? input.issueDate : (stryCov_9fa48("215"), input.issueDate.trim())))) {
      if (stryMutAct_9fa48("216")) {
        {}
      } else {
        stryCov_9fa48("216");
        const d = parseDate(input.issueDate);
        if (stryMutAct_9fa48("219") ? false : stryMutAct_9fa48("218") ? true : stryMutAct_9fa48("217") ? d : (stryCov_9fa48("217", "218", "219"), !d)) throw new DomainError(stryMutAct_9fa48("220") ? "" : (stryCov_9fa48("220"), 'err.cccd.issueDate'), stryMutAct_9fa48("221") ? {} : (stryCov_9fa48("221"), {
          value: input.issueDate
        }));
        if (stryMutAct_9fa48("225") ? d > dob : stryMutAct_9fa48("224") ? d < dob : stryMutAct_9fa48("223") ? false : stryMutAct_9fa48("222") ? true : (stryCov_9fa48("222", "223", "224", "225"), d <= dob)) throw new DomainError(stryMutAct_9fa48("226") ? "" : (stryCov_9fa48("226"), 'err.cccd.issueBeforeBirth'), stryMutAct_9fa48("227") ? {} : (stryCov_9fa48("227"), {
          issue: d,
          dob
        }));
        if (stryMutAct_9fa48("231") ? d <= today : stryMutAct_9fa48("230") ? d >= today : stryMutAct_9fa48("229") ? false : stryMutAct_9fa48("228") ? true : (stryCov_9fa48("228", "229", "230", "231"), d > today)) throw new DomainError(stryMutAct_9fa48("232") ? "" : (stryCov_9fa48("232"), 'err.cccd.issueFuture'), stryMutAct_9fa48("233") ? {} : (stryCov_9fa48("233"), {
          value: d
        }));
        issueDate = d;
      }
    }
    const address = cleanText(input.address);
    if (stryMutAct_9fa48("236") ? false : stryMutAct_9fa48("235") ? true : stryMutAct_9fa48("234") ? address : (stryCov_9fa48("234", "235", "236"), !address)) throw new DomainError(stryMutAct_9fa48("237") ? "" : (stryCov_9fa48("237"), 'err.cccd.address'));
    return stryMutAct_9fa48("238") ? {} : (stryCov_9fa48("238"), {
      id,
      oldId,
      fullName,
      dob,
      gender,
      address,
      issueDate,
      extra,
      raw
    });
  }
}

/**
 * Parse the text of the QR on a citizen ID card. Accepted: the 7-field form
 * `ID|oldID|name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy`, the 6-field re-formatted form without the old ID
 * and with dates as dd/mm/yyyy, more fields after the seventh (kept in `extra`), a leading BOM and a
 * trailing CR/LF. Text the scanner mis-decoded is refused as such, never stored as a name.
 */
export function parseCitizenQr(text: string, provinces: readonly Province[], today: string): Citizen {
  if (stryMutAct_9fa48("239")) {
    {}
  } else {
    stryCov_9fa48("239");
    const raw = nfc(text).replace(stryMutAct_9fa48("242") ? /[^\r\n]+$/ : stryMutAct_9fa48("241") ? /[\r\n]$/ : stryMutAct_9fa48("240") ? /[\r\n]+/ : (stryCov_9fa48("240", "241", "242"), /[\r\n]+$/), stryMutAct_9fa48("243") ? "Stryker was here!" : (stryCov_9fa48("243"), ''));
    // A control character inside the text (a NUL, a tab, a line break mid-way) is a scanner glitch.
    if (stryMutAct_9fa48("246") ? looksMisdecoded(raw) && /[\x00-\x1f\x7f]/.test(raw) : stryMutAct_9fa48("245") ? false : stryMutAct_9fa48("244") ? true : (stryCov_9fa48("244", "245", "246"), looksMisdecoded(raw) || (stryMutAct_9fa48("247") ? /[^\x00-\x1f\x7f]/ : (stryCov_9fa48("247"), /[\x00-\x1f\x7f]/)).test(raw))) throw new DomainError(stryMutAct_9fa48("248") ? "" : (stryCov_9fa48("248"), 'err.cccd.encoding'));
    const f = raw.split(stryMutAct_9fa48("249") ? "" : (stryCov_9fa48("249"), '|')).map(stryMutAct_9fa48("250") ? () => undefined : (stryCov_9fa48("250"), x => stryMutAct_9fa48("251") ? x : (stryCov_9fa48("251"), x.trim())));
    let input: CitizenInput;
    let extra: string[] = stryMutAct_9fa48("252") ? ["Stryker was here"] : (stryCov_9fa48("252"), []);
    if (stryMutAct_9fa48("255") ? f.length !== 6 : stryMutAct_9fa48("254") ? false : stryMutAct_9fa48("253") ? true : (stryCov_9fa48("253", "254", "255"), f.length === 6)) {
      if (stryMutAct_9fa48("256")) {
        {}
      } else {
        stryCov_9fa48("256");
        input = stryMutAct_9fa48("257") ? {} : (stryCov_9fa48("257"), {
          id: f[0]!,
          oldId: null,
          fullName: f[1]!,
          dob: f[2]!,
          gender: f[3]!,
          address: f[4]!,
          issueDate: f[5]!
        });
      }
    } else if (stryMutAct_9fa48("261") ? f.length < 7 : stryMutAct_9fa48("260") ? f.length > 7 : stryMutAct_9fa48("259") ? false : stryMutAct_9fa48("258") ? true : (stryCov_9fa48("258", "259", "260", "261"), f.length >= 7)) {
      if (stryMutAct_9fa48("262")) {
        {}
      } else {
        stryCov_9fa48("262");
        input = stryMutAct_9fa48("263") ? {} : (stryCov_9fa48("263"), {
          id: f[0]!,
          oldId: f[1]!,
          fullName: f[2]!,
          dob: f[3]!,
          gender: f[4]!,
          address: f[5]!,
          issueDate: f[6]!
        });
        extra = stryMutAct_9fa48("264") ? f : (stryCov_9fa48("264"), f.slice(7));
      }
    } else {
      if (stryMutAct_9fa48("265")) {
        {}
      } else {
        stryCov_9fa48("265");
        throw new DomainError(stryMutAct_9fa48("266") ? "" : (stryCov_9fa48("266"), 'err.cccd.fields'), stryMutAct_9fa48("267") ? {} : (stryCov_9fa48("267"), {
          count: f.length
        }));
      }
    }
    return checkCitizen(input, provinces, today, raw, extra);
  }
}