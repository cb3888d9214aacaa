// The keyboard-wedge router: a scanner's burst is a scan and never keys; a person's typing is keys
// and never a scan, whatever way the terminal cuts the input into chunks.
import { describe, expect, it } from 'vitest';
import { decidedOnly, parsePrefix, WedgeRouter, type WedgeOptions } from '../../src/core/scan/wedge.js';
import { outputs } from '../helpers/wedge.js';

const QR = '001152012345|012345678|NGUYEN THI HUONG|15031952|Nu|Thon Doi Dung, xa My Duc, Ha Noi|10082021';

type Decided = ReturnType<typeof decidedOnly>[number];

/** What was decided: keys (typed ones included) and scans, in order. */
const run = (events: [string, number][], opts: Partial<WedgeOptions> = {}): Decided[] => merge(decidedOnly(outputs(events, opts)));

/** Adjacent key outputs joined: how they are cut does not matter, their order does. */
function merge(out: Decided[]): Decided[] {
  const m: Decided[] = [];
  for (const o of out) {
    const prev = m.at(-1);
    if (o.kind === 'keys' && prev?.kind === 'keys') prev.raw += o.raw;
    else m.push({ ...o });
  }
  return m;
}

/** One character per event, `ms` apart, from t0. */
const typed = (s: string, ms: number, t0 = 0): [string, number][] => [...s].map((c, i) => [c, t0 + i * ms]);

describe('keyboard wedge router', () => {
  it('a scan in one chunk, ended by CR, CR LF or LF, is a scan', () => {
    for (const end of ['\r', '\r\n', '\n']) expect(run([[QR + end, 0]])).toEqual([{ kind: 'scan', text: QR }]);
  });

  it('a scan arriving one byte per millisecond, or in uneven chunks, is one scan', () => {
    expect(run(typed(QR + '\r', 1))).toEqual([{ kind: 'scan', text: QR }]);
    expect(run([[QR.slice(0, 7), 0], [QR.slice(7, 50), 12], [QR.slice(50) + '\r', 20]])).toEqual([{ kind: 'scan', text: QR }]);
  });

  it('the LF of a CR LF split into the next chunk is not an extra Enter', () => {
    expect(run([[QR + '\r', 0], ['\n', 1]])).toEqual([{ kind: 'scan', text: QR }]);
  });

  it('typing, even fast, is keys in order, Enter included', () => {
    expect(run(typed('001152012345\r', 60))).toEqual([{ kind: 'keys', raw: '001152012345\r' }]);
    // one slow key in the middle of a quick run breaks the burst
    expect(run([...typed('A01', 5), ['2', 200], ['\r', 205]])).toEqual([{ kind: 'keys', raw: 'A012\r' }]);
  });

  it('a single command key is shown at once and decided typed after the gap, not swallowed', () => {
    const r = new WedgeRouter();
    expect(r.push('c', 0)).toEqual([{ kind: 'echo', raw: 'c' }]);
    expect(r.pendingMs(10)).toBe(20);
    expect(r.flushIfQuiet(30)).toEqual([]);
    expect(r.flushIfQuiet(31)).toEqual([{ kind: 'typed', raw: 'c' }]);
    expect(r.pendingMs(40)).toBeNull();
  });

  it('the keys of a scan are echoed as they come, then taken back in one piece', () => {
    const r = new WedgeRouter();
    expect(r.push('00115', 0)).toEqual([{ kind: 'echo', raw: '00115' }]);
    expect(r.push('2012', 3)).toEqual([{ kind: 'echo', raw: '2012' }]);
    expect(r.push('\r', 5)).toEqual([{ kind: 'scan', text: '001152012', echoed: '001152012' }]);
    expect(r.pendingMs(6)).toBeNull();
    // control keys with nothing undecided are keys at once, never echoed
    expect(r.push('\x1b[A', 50)).toEqual([{ kind: 'keys', raw: '\x1b[A' }]);
    expect(r.push('\t', 51)).toEqual([{ kind: 'keys', raw: '\t' }]);
  });

  it('typing decided by a slow key: the earlier keys are typed, the slow one starts afresh', () => {
    const r = new WedgeRouter();
    expect(r.push('a', 0)).toEqual([{ kind: 'echo', raw: 'a' }]);
    expect(r.push('b', 10)).toEqual([{ kind: 'echo', raw: 'b' }]);
    expect(r.push('c', 100)).toEqual([{ kind: 'typed', raw: 'ab' }, { kind: 'echo', raw: 'c' }]);
    // a short burst ended by Enter: typed, and the Enter a key
    expect(r.push('\r', 105)).toEqual([{ kind: 'typed', raw: 'c' }, { kind: 'keys', raw: '\r' }]);
  });

  it('short bursts (fewer than minLength characters) stay keys', () => {
    expect(run([['ab\r', 0]])).toEqual([{ kind: 'keys', raw: 'ab\r' }]);
    expect(run([['A012\r', 0]])).toEqual([{ kind: 'scan', text: 'A012' }]);
  });

  it('an escape sequence within a short burst is part of it; alone it is a key', () => {
    expect(outputs([['ab', 0], ['\x1b[A', 1], ['x', 100]])).toEqual([
      { kind: 'echo', raw: 'ab' },
      { kind: 'echo', raw: '\x1b[A' },
      { kind: 'typed', raw: 'ab\x1b[A' },
      { kind: 'echo', raw: 'x' },
      { kind: 'typed', raw: 'x' },
    ]);
    expect(outputs([['\x1b[A', 0], ['x', 1]])).toEqual([{ kind: 'keys', raw: '\x1b[A' }, { kind: 'echo', raw: 'x' }, { kind: 'typed', raw: 'x' }]);
  });

  it('a burst with an escape sequence inside is a scan as a whole: nothing in it reaches the command keys (issue 15)', () => {
    // ended by Enter: one scan, the Esc and the letters after it included
    expect(run(typed('ABCDEFGH\x1bXYZWVUT\r', 2))).toEqual([{ kind: 'scan', text: 'ABCDEFGH\x1bXYZWVUT' }]);
    expect(run([['ABCDEFGH', 0], ['\x1b', 1], ['XYZWVUT\r', 2]])).toEqual([{ kind: 'scan', text: 'ABCDEFGH\x1bXYZWVUT' }]);
    // no Enter: a person cannot type letters, Esc and letters at that pace either
    expect(run([['ABCDEFGH', 0], ['\x1b', 1], ['JKLMNOP', 2]])).toEqual([{ kind: 'scan', text: 'ABCDEFGH\x1bJKLMNOP' }]);
    expect(run(typed('AB\x1b[BCDEF', 5))).toEqual([{ kind: 'scan', text: 'AB\x1b[BCDEF' }]);
    // the same keys at a person's pace are keys
    expect(run([['ABCDEFGH', 0], ['\x1b', 100], ['JKLMNOP', 200]])).toEqual([{ kind: 'keys', raw: 'ABCDEFGH\x1bJKLMNOP' }]);
  });

  it('a key typed right after a scan is a key', () => {
    expect(run([[QR + '\r', 0], ['c', 80]])).toEqual([{ kind: 'scan', text: QR }, { kind: 'keys', raw: 'c' }]);
  });

  it('typed text then a scan: the text is keys and the scan a scan', () => {
    expect(run([...typed('ab', 100), [QR + '\r', 400]])).toEqual([{ kind: 'keys', raw: 'ab' }, { kind: 'scan', text: QR }]);
  });

  it('Tab or Backspace inside a quick run that is no scan stay keys, in order', () => {
    expect(run([['abcdef\tgh', 0]])).toEqual([{ kind: 'keys', raw: 'abcdef\tgh' }]);
    expect(run([['abcdef\x7fgh', 0]])).toEqual([{ kind: 'keys', raw: 'abcdef\x7fgh' }]);
    expect(run([['abcdef\bgh', 0]])).toEqual([{ kind: 'keys', raw: 'abcdef\bgh' }]);
    expect(run([...typed('ab', 5), ['\t', 10], ['\x7f', 12], ...typed('cd', 5, 14)])).toEqual([{ kind: 'keys', raw: 'ab\t\x7fcd' }]);
    // ended by Enter the same run is one scan, the Tab and Backspace inside it
    expect(run([['abcdef\tg\x7fh\r', 0]])).toEqual([{ kind: 'scan', text: 'abcdef\tg\x7fh' }]);
  });

  it('suffix tab and suffix none', () => {
    expect(run([[QR + '\t', 0]], { suffix: 'tab' })).toEqual([{ kind: 'scan', text: QR }]);
    expect(run(typed(QR, 2), { suffix: 'none' })).toEqual([{ kind: 'scan', text: QR }]);
    expect(run(typed('hello', 90), { suffix: 'none' })).toEqual([{ kind: 'keys', raw: 'hello' }]);
  });

  it('with a prefix, a scan is a scan however slowly it arrives, never echoed; a stray prefix gives the keys back', () => {
    expect(run(typed('\x02A012\r', 100), { prefix: '\x02' })).toEqual([{ kind: 'scan', text: 'A012' }]);
    expect(outputs(typed('\x02A012\r', 100), { prefix: '\x02' })).toEqual([{ kind: 'scan', text: 'A012', echoed: '' }]);
    expect(run([['\x02ab', 0]], { prefix: '\x02' })).toEqual([{ kind: 'keys', raw: 'ab' }]);
    // an escape sequence inside a prefixed scan is part of the scan
    expect(run([['\x02AB', 0], ['\x1b[A', 40], ['CD\r', 80]], { prefix: '\x02' })).toEqual([{ kind: 'scan', text: 'AB\x1b[ACD' }]);
    // a prefix right after typed keys: they were typed, the scan is a scan
    expect(run([['ab', 0], ['\x02A012\r', 5]], { prefix: '\x02' })).toEqual([{ kind: 'keys', raw: 'ab' }, { kind: 'scan', text: 'A012' }]);
  });

  it('a stuck trigger is cut at maxLength', () => {
    const out = run([['x'.repeat(25), 0]], { maxLength: 10 });
    expect(out.filter((o) => o.kind === 'scan').map((o) => (o as { text: string }).text)).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
  });

  it('never loses or reorders a character: random mixes of typing and scans', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const events: [string, number][] = [];
      const expected: Decided[] = [];
      let at = 0;
      for (let k = 0; k < 6; k++) {
        if (rnd() < 0.5) {
          const s = QR.slice(0, 4 + Math.floor(rnd() * 60));
          let i = 0;
          at += 200;
          while (i < s.length) {
            const n = 1 + Math.floor(rnd() * 20);
            events.push([s.slice(i, i + n), at]);
            i += n;
            at += Math.floor(rnd() * 10);
          }
          events.push(['\r', at]);
          expected.push({ kind: 'scan', text: s });
        } else {
          const s = 'hello world'.slice(0, 1 + Math.floor(rnd() * 10));
          for (const c of s) events.push([c, (at += 45 + Math.floor(rnd() * 100))]);
          expected.push({ kind: 'keys', raw: s });
        }
      }
      at += 200;
      expect(run(events)).toEqual(merge(expected));
    }
  });

  it('prefix notations', () => {
    expect(parsePrefix('STX')).toBe('\x02');
    expect(parsePrefix('^B')).toBe('\x02');
    expect(parsePrefix('\\x02')).toBe('\x02');
    expect(parsePrefix('#')).toBe('#');
  });
});
