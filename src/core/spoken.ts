// How the board says a call aloud. A Vietnamese voice given "A012" reads "a không mười hai", and
// "B007" as "bê không không bảy": people on the chairs hear digits that are not on their ticket. The
// counters' announcers say the letter by its Vietnamese name and the number as a number, without the
// leading zeros ("A mười hai", "bê bảy"), and the counter as "quầy số hai". This module gives the voice
// that spoken form, in words, so it reads no digit its own way (espeak-ng says 15 "mười năm" and 21
// "hai mươi một"; people say "mười lăm", "hai mươi mốt"). Pure: no I/O.

const DIGIT = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;

/**
 * The letters' Vietnamese names, as read out in codes and queue numbers (a, bê, xê, dê, đê, giê, hát,
 * ca…). D is "dê" and Đ "đê", so the two stay apart; the Latin letters outside the Vietnamese
 * alphabet by their usual names.
 */
export const LETTER_NAME: Readonly<Record<string, string>> = {
  A: 'a', Ă: 'á', Â: 'ớ', B: 'bê', C: 'xê', D: 'dê', Đ: 'đê', E: 'e', Ê: 'ê', F: 'ép', G: 'giê', H: 'hát',
  I: 'i', J: 'gi', K: 'ca', L: 'e lờ', M: 'em mờ', N: 'en nờ', O: 'o', Ô: 'ô', Ơ: 'ơ', P: 'pê', Q: 'quy',
  R: 'e rờ', S: 'ét xì', T: 'tê', U: 'u', Ư: 'ư', V: 'vê', W: 'vê kép', X: 'ích xì', Y: 'i dài', Z: 'dét',
};

/** 0-99 as said: "mười lăm", "hai mươi mốt", "ba mươi". */
function tens(n: number): string {
  const t = Math.floor(n / 10);
  const u = n % 10;
  if (t === 0) return DIGIT[u] as string;
  const head = t === 1 ? 'mười' : `${DIGIT[t]} mươi`;
  if (u === 0) return head;
  if (u === 5) return `${head} lăm`;
  if (u === 1 && t > 1) return `${head} mốt`;
  return `${head} ${DIGIT[u]}`;
}

/** 0-999: "một trăm lẻ năm", "hai trăm mười". */
function hundreds(n: number, always = false): string {
  const h = Math.floor(n / 100);
  const rest = n % 100;
  if (h === 0 && !always) return tens(rest);
  const head = `${DIGIT[h]} trăm`;
  if (rest === 0) return head;
  return rest < 10 ? `${head} lẻ ${DIGIT[rest]}` : `${head} ${tens(rest)}`;
}

/** A whole number from 0 to 999 999 in Vietnamese words, as an announcer says it. */
export function vietnameseNumber(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > 999_999) throw new RangeError(`vietnameseNumber: ${n}`);
  if (n < 1000) return hundreds(n);
  const k = Math.floor(n / 1000);
  const rest = n % 1000;
  const head = `${hundreds(k)} nghìn`;
  if (rest === 0) return head;
  return `${head} ${hundreds(rest, true)}`;
}

/**
 * A ticket as it is called: its letters by name, its number without the leading zeros ("A012" →
 * "a mười hai", "B007" → "bê bảy"). Anything not shaped letters-then-digits is returned unchanged.
 */
export function spokenTicket(label: string): string {
  const m = /^(\p{Lu}+)(\d+)$/u.exec(label.normalize('NFC').trim());
  if (!m) return label;
  const letters = [...(m[1] as string)].map((c) => LETTER_NAME[c] ?? c);
  return [...letters, vietnameseNumber(Number(m[2]))].join(' ');
}

/** A counter's number as said after "quầy số": 2 → "hai". */
export function spokenCounter(no: number): string {
  return vietnameseNumber(no);
}

/** Translate with parameters: the catalogue's t(), typed loosely so core needs no i18n import. */
type Say = (key: 'board.announce' | 'board.announceRecall', params: Record<string, string>) => string;

/**
 * The sentence the board hands to the voice for a call ("Xin mời công dân có số thứ tự a mười hai đến
 * quầy số hai.") or a recall ("Xin nhắc lại: …"), from the Vietnamese catalogue.
 */
export function callAnnouncement(say: Say, call: { label: string; counter: number; recall: boolean }): string {
  return say(call.recall ? 'board.announceRecall' : 'board.announce', { ticket: spokenTicket(call.label), counter: spokenCounter(call.counter) });
}
