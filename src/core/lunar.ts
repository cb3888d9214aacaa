// The Vietnamese lunar calendar (âm lịch): Tết (1st day of the 1st month) and the Hùng Kings'
// commemoration (10th day of the 3rd month) fall by it. Hồ Ngọc Đức's published algorithm: new moons
// and the sun's longitude from Jean Meeus's "Astronomical Algorithms", days counted in the time zone
// of Vietnam's calendar: UTC+7 from the lunar year 1968, UTC+8 (the calendar of the 120° meridian,
// China's) before; the two differ in some years, e.g. Tết 1965 (2/2 at UTC+8, 1/2 at UTC+7) and 1985.
// Pure; tested against Hồ Ngọc Đức's table of 1800-2199 and known Tết and Giỗ Tổ dates.

const INT = Math.floor;
const PI = Math.PI;
/** Julian day number of a Gregorian date. */
export function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  let jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083;
  return jd;
}

/** The Gregorian date [day, month, year] of a Julian day number. */
export function jdToDate(jd: number): [number, number, number] {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = INT((4 * a + 3) / 146097);
    c = a - INT((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  return [e - INT((153 * m + 2) / 5) + 1, m + 3 - 12 * INT(m / 10), b * 100 + d - 4800 + INT(m / 10)];
}

/** The moment (Julian day, UTC) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  // ΔT (days), the published algorithm's formula for T >= -11 (from about 800 AD): its other branch, for
  // earlier new moons, is left out: the years of LUNAR_YEARS never ask for one (k >= -1238, T > -1.01).
  const deltat = -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + C1 - deltat;
}

/** The sun's apparent longitude (radians, 0..2π) at a Julian day. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Which of the 12 sectors (30° each) the sun is in at the local midnight starting a day. */
const sunSector = (dayNumber: number, tz: number) => INT((sunLongitude(dayNumber - 0.5 - tz / 24) / PI) * 6);
const newMoonDay = (k: number, tz: number) => INT(newMoon(k) + 0.5 + tz / 24);

/** The first day of the 11th lunar month (the one holding the winter solstice) of a year. */
function lunarMonth11(yy: number, tz: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = newMoonDay(k, tz);
  if (sunSector(nm, tz) >= 9) nm = newMoonDay(k - 1, tz);
  return nm;
}

/** In a leap year, the offset after month 11 of the leap month (the first with no major solar term). */
function leapMonthOffset(a11: number, tz: number): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, tz), tz);
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, tz), tz);
  } while (arc !== last && i < 14);
  return i - 1;
}

/**
 * The years the conversions accept: those of Hồ Ngọc Đức's published table they are checked against
 * (tests/unit/lunar-published-table.test.ts). Outside them this algorithm's new moons and solar terms
 * drift from the published calendar (its ΔT and its sun are approximations), so it vouches for none.
 */
export const LUNAR_YEARS = { first: 1800, last: 2199 } as const;
/**
 * The time zone (hours east of UTC) Vietnam's calendar counts the days of a lunar year in: UTC+7 from
 * 1968 (the change took effect with the year Mậu Thân, whose Tết fell on 29/1/1968, a day before
 * China's), UTC+8 before. The only zone each year is converted in: no table vouches for another.
 */
export const calendarZone = (lunarYear: number): 7 | 8 => (lunarYear < 1968 ? 8 : 7);
const inYears = (year: number) => year >= LUNAR_YEARS.first && year <= LUNAR_YEARS.last;

export interface LunarDate {
  day: number;
  month: number;
  year: number;
  leap: boolean;
}

/** The lunar date of a Gregorian date (YYYY-MM-DD); a RangeError for a year outside LUNAR_YEARS. */
export function solarToLunar(iso: string): LunarDate {
  const [yy, mm, dd] = iso.split('-').map(Number) as [number, number, number];
  if (!inYears(yy)) throw new RangeError(`solarToLunar: ${iso}: only the years ${LUNAR_YEARS.first}-${LUNAR_YEARS.last} are converted`);
  // The zone of the solar year: it differs from the lunar year's only on 1-28 January 1968, the end of
  // the 12th month of 1967, which began on 31/12/1967 at UTC+8 and at UTC+7 alike.
  const tz = calendarZone(yy);
  const dayNumber = jdFromDate(dd, mm, yy);
  let k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = newMoonDay(k + 1, tz);
  while (monthStart > dayNumber) monthStart = newMoonDay(k--, tz); // k is a mean lunation: a late new moon may start its month after it
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    year = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const day = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { day, month, year, leap };
}

/**
 * The Gregorian date (YYYY-MM-DD) of a lunar date; undefined for a leap month the year does not have
 * or a lunar year outside LUNAR_YEARS.
 */
export function lunarToSolar(day: number, month: number, year: number, leap = false): string | undefined {
  if (!inYears(year)) return undefined;
  const tz = calendarZone(year);
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, tz);
    b11 = lunarMonth11(year, tz);
  } else {
    a11 = lunarMonth11(year, tz);
    b11 = lunarMonth11(year + 1, tz);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 1) leapMonth += 12; // offset 2: a leap 12th month
    if (leap && month !== leapMonth) return undefined;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) return undefined;
  const [d, m, y] = jdToDate(newMoonDay(k + off, tz) + day - 1);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Tết Nguyên Đán of a (Gregorian) year: the 1st day of the 1st lunar month; undefined outside LUNAR_YEARS. */
export const tetDay = (year: number): string | undefined => lunarToSolar(1, 1, year);
/** Giỗ Tổ Hùng Vương of a year: the 10th day of the 3rd lunar month; undefined outside LUNAR_YEARS. */
export const hungKingsDay = (year: number): string | undefined => lunarToSolar(10, 3, year);
