// @ts-nocheck
// Seeded generators for the reliability harnesses: a random generator that can be replayed, and the
// text of the QR on a valid chip ID card (CCCD) – province code, gender/century digit and birth year
// agreeing with the birth date and gender, as src/core/citizen.ts checks them.

/** Mulberry32: small, fast and seeded, so a failing run can be replayed with the same seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

const SURNAMES = ['NGUYỄN', 'TRẦN', 'LÊ', 'PHẠM', 'HOÀNG', 'PHAN', 'VŨ', 'ĐẶNG', 'BÙI', 'ĐỖ', 'HỒ', 'NGÔ', 'LÒ', 'TRIỆU'];
const MIDDLE = { male: ['VĂN', 'ĐỨC', 'HỮU', 'QUANG'], female: ['THỊ', 'NGỌC', 'THU', 'KIM'] };
const GIVEN = { male: ['AN', 'BÌNH', 'CƯỜNG', 'DŨNG', 'HÙNG', 'THẮNG', 'ĐẠT'], female: ['HƯỜNG', 'LAN', 'MAI', 'HƯƠNG', 'THẢO', 'YẾN', 'ĐÀO'] };
const PLACES = ['Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội', 'Xóm 3, xã Hải Anh, Nam Định', 'Bản Nà Phòn, xã Mường Lói, Điện Biên', 'Thôn 2, xã Quảng Phú, Thanh Hóa'];

/**
 * The QR text of a valid card (7 fields, as the chip card prints it), for someone born 1935-2006 in
 * one of `provinceCodes`, the card issued in 2021-2024.
 */
export function citizenQr(r: () => number, provinceCodes: readonly string[]): string {
  const gender = r() < 0.55 ? 'female' : 'male';
  const year = 1935 + Math.floor(r() * 72);
  const digit = (year >= 2000 ? 2 : 0) + (gender === 'female' ? 1 : 0);
  const id = `${pick(r, provinceCodes)}${digit}${pad(year % 100, 2)}${pad(Math.floor(r() * 1e6), 6)}`;
  const dob = `${pad(1 + Math.floor(r() * 28), 2)}${pad(1 + Math.floor(r() * 12), 2)}${year}`;
  const issued = `${pad(1 + Math.floor(r() * 28), 2)}${pad(1 + Math.floor(r() * 12), 2)}${2021 + Math.floor(r() * 4)}`;
  const name = `${pick(r, SURNAMES)} ${pick(r, MIDDLE[gender])} ${pick(r, GIVEN[gender])}`;
  return `${id}||${name}|${dob}|${gender === 'female' ? 'Nữ' : 'Nam'}|${pick(r, PLACES)}|${issued}`;
}
