// Reading the keyboard ourselves: the terminal's bytes cut into events (escape sequences across chunk
// boundaries, a lone Esc, bracketed pastes), UTF-8 split anywhere, the wedge router as one stage; the
// one line editor and the one list navigation every screen uses.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { editLine, line, type Line } from '../../src/ui/keys/edit.js';
import { BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON, InputSplitter, KeyReader } from '../../src/ui/keys/input.js';
import { decodeKey, splitKeys, type Key } from '../../src/ui/keys/keys.js';
import { clampIndex, moveIn, scrollBy, windowAround, windowStart } from '../../src/ui/keys/list.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('InputSplitter', () => {
  it('escape sequences one by one, text runs whole, a sequence cut by a chunk boundary joined', () => {
    const s = new InputSplitter();
    expect(s.push('ab\x1b[Acd\x1bOP')).toEqual([
      { kind: 'input', raw: 'ab' },
      { kind: 'input', raw: '\x1b[A' },
      { kind: 'input', raw: 'cd' },
      { kind: 'input', raw: '\x1bOP' },
    ]);
    expect(s.push('x\x1b[2')).toEqual([{ kind: 'input', raw: 'x' }]);
    expect(s.hasPending()).toBe(true);
    expect(s.push('1~y')).toEqual([{ kind: 'input', raw: '\x1b[21~' }, { kind: 'input', raw: 'y' }]);
    expect(s.hasPending()).toBe(false);
  });

  it('a lone Esc waits for more, and is the Esc key when nothing follows', () => {
    const s = new InputSplitter();
    expect(s.push('\x1b')).toEqual([]);
    expect(s.flush()).toEqual([{ kind: 'input', raw: '\x1b' }]);
    // Esc pressed just before F10 comes glued to it
    expect(s.push('\x1b\x1b[21~')).toEqual([{ kind: 'input', raw: '\x1b' }, { kind: 'input', raw: '\x1b[21~' }]);
  });

  it('a bracketed paste is one event, however it is cut, its end marker split too', () => {
    const s = new InputSplitter();
    expect(s.push('a\x1b[200~Xã ')).toEqual([{ kind: 'input', raw: 'a' }]);
    expect(s.push('Mỹ Đức\r\x1b[20')).toEqual([]);
    expect(s.push('1~b')).toEqual([{ kind: 'paste', text: 'Xã Mỹ Đức\r' }, { kind: 'input', raw: 'b' }]);
  });
});

describe('splitKeys', () => {
  it('finds escape sequences anywhere in a string', () => {
    expect(splitKeys('ab\x1b[Acd').map((k) => k.name)).toEqual(['char', 'char', 'up', 'char', 'char']);
    expect(splitKeys('A\x1bXY').map((k) => [k.name, k.text])).toEqual([
      ['char', 'A'],
      ['escape', ''],
      ['char', 'X'],
      ['char', 'Y'],
    ]);
    // cut short at the end: one unknown key, nothing lost after it
    expect(splitKeys('x\x1b[1').map((k) => k.name)).toEqual(['char', 'unknown']);
    expect(decodeKey('\x1b[200~').name).toBe('unknown');
  });
});

/** A reader on a stream of our own; what reaches the sink, in order. */
function reader(echo: boolean, terminal?: { write(s: string): unknown }) {
  const stream = new PassThrough();
  const got: string[] = [];
  const name = (k: Key) => (k.name === 'char' ? k.text + (k.paste ? '(paste)' : '') : `<${k.name}>`);
  const r = new KeyReader(stream, { key: (k, e) => got.push(`${e ? 'echo' : 'key'} ${name(k)}`), typed: () => got.push('typed'), scan: (t, back) => got.push(`scan ${t}${back ? ' (take back)' : ''}`) }, { echo, ...(terminal ? { terminal } : {}) });
  r.start();
  return { stream, got, r };
}

describe('KeyReader', () => {
  it('decodes UTF-8 split across chunks (a Vietnamese letter cut in half)', async () => {
    const { stream, got, r } = reader(false);
    const bytes = Buffer.from('Đức', 'utf8');
    stream.write(bytes.subarray(0, 1));
    stream.write(bytes.subarray(1, 3));
    stream.write(bytes.subarray(3));
    await sleep(60);
    r.stop();
    expect(got).toEqual(['key Đ', 'key ứ', 'key c']);
  });

  it('echoes typed keys at once and confirms them after the gap; a scan takes its echoes back', async () => {
    const { stream, got, r } = reader(true);
    stream.write('c');
    expect(got).toEqual(['echo c']);
    await sleep(60);
    expect(got).toEqual(['echo c', 'typed']);
    got.length = 0;
    stream.write('A012\r');
    await sleep(10);
    expect(got).toEqual(['echo A', 'echo 0', 'echo 1', 'echo 2', 'scan A012 (take back)']);
    got.length = 0;
    // a key that is not printable, with nothing undecided, is a key at once
    stream.write('\x1b[B');
    expect(got).toEqual(['key <down>']);
    r.stop();
  });

  it('without echo, keys wait for the decision and a scan never shows as keys', async () => {
    const { stream, got, r } = reader(false);
    stream.write('q');
    expect(got).toEqual([]);
    await sleep(60);
    expect(got).toEqual(['key q']);
    stream.write('A012\r');
    await sleep(10);
    r.stop();
    expect(got).toEqual(['key q', 'scan A012']);
  });

  it('a lone Esc is the Esc key at the end of the turn; a paste is text, never a scan or a command', async () => {
    const writes: string[] = [];
    const { stream, got, r } = reader(true, { write: (s) => writes.push(s) });
    expect(writes).toEqual([BRACKETED_PASTE_ON]);
    stream.write('\x1b');
    await sleep(5);
    expect(got).toEqual(['key <escape>']);
    got.length = 0;
    stream.write('\x1b[200~001152012345|A|B\r\n\x1b[201~');
    await sleep(60);
    // one key: its text on one line (the CR LF a space), marked pasted; no echo, no scan
    expect(got).toEqual(['key 001152012345|A|B (paste)']);
    r.stop();
    expect(writes).toEqual([BRACKETED_PASTE_ON, BRACKETED_PASTE_OFF]);
  });
});

describe('line editor', () => {
  const key = (raw: string) => splitKeys(raw)[0] as Key;
  const run = (l: Line, ...raws: string[]) => raws.reduce((x, r) => editLine(x, key(r)) ?? x, l);

  it('types at the cursor and moves it with ←/→, Home/End (Ctrl+A/E), never past either end', () => {
    let l = run(line(), 'a', 'c', '\x1b[D', 'b');
    expect(l).toEqual({ text: 'abc', at: 2 });
    l = run(l, '\x1b[H', '\x1b[D', 'x');
    expect(l).toEqual({ text: 'xabc', at: 1 });
    l = run(l, '\x1b[F', '\x1b[C', 'y');
    expect(l).toEqual({ text: 'xabcy', at: 5 });
    expect(run(l, '\x01')).toEqual({ text: 'xabcy', at: 0 });
    expect(run(line('ab', 0), '\x05')).toEqual({ text: 'ab', at: 2 });
  });

  it('Backspace and Delete remove around the cursor; Ctrl+U clears', () => {
    expect(run(line('Hường', 2), '\x7f')).toEqual({ text: 'Hờng', at: 1 });
    expect(run(line('Hường', 2), '\x1b[3~')).toEqual({ text: 'Hưng', at: 2 });
    expect(run(line('abc', 0), '\x7f')).toEqual({ text: 'abc', at: 0 });
    expect(run(line('abc'), '\x1b[3~')).toEqual({ text: 'abc', at: 3 });
    expect(run(line('abc', 1), '\x15')).toEqual({ text: '', at: 0 });
  });

  it('keeps a field to its characters and length; other keys are not editing keys', () => {
    expect(editLine(line('12'), key('a'), { accept: /\d/ })).toBeUndefined();
    expect(editLine(line('12'), key('3'), { accept: /\d/, max: 2 })).toEqual({ text: '12', at: 2 });
    expect(editLine(line('x'), key('\r'))).toBeUndefined();
    expect(editLine(line('x'), key('\x1b[B'))).toBeUndefined();
    // a word from an input method or a paste goes in whole, at the cursor
    expect(editLine(line('Xã Đức', 3), { name: 'char', text: 'Mỹ ', ctrl: false, paste: true })).toEqual({ text: 'Xã Mỹ Đức', at: 6 });
  });
});

describe('list navigation', () => {
  const key = (raw: string) => splitKeys(raw)[0] as Key;
  it('moves one row, a page, to the ends; never past them; an empty list stays at 0', () => {
    expect(moveIn(0, 5, key('\x1b[B'))).toBe(1);
    expect(moveIn(4, 5, key('\x1b[B'))).toBe(4);
    expect(moveIn(0, 5, key('\x1b[A'))).toBe(0);
    expect(moveIn(1, 20, key('\x1b[6~'), 8)).toBe(9);
    expect(moveIn(15, 20, key('\x1b[6~'), 8)).toBe(19);
    expect(moveIn(3, 20, key('\x1b[5~'), 8)).toBe(0);
    expect(moveIn(3, 20, key('\x1b[F'))).toBe(19);
    expect(moveIn(3, 20, key('\x1b[H'))).toBe(0);
    expect(moveIn(0, 0, key('\x1b[B'))).toBe(0);
    expect(moveIn(0, 5, key('x'))).toBeUndefined();
    expect(clampIndex(7, 3)).toBe(2);
  });

  it('scrolls a text a row or a page, never above the top or past the end', () => {
    expect(scrollBy(0, key('\x1b[A'), 10)).toBe(0);
    expect(scrollBy(3, key('\x1b[B'), 10)).toBe(4);
    expect(scrollBy(3, key('\x1b[6~'), 10, 8)).toBe(8);
    expect(scrollBy(3, key('\x1b[5~'), 10)).toBe(0);
    expect(scrollBy(3, key('x'), 10)).toBe(3);
  });

  it('keeps the chosen row in view, centred when it can be', () => {
    expect(windowStart(0, 100, 10)).toBe(0);
    expect(windowStart(50, 100, 10)).toBe(45);
    expect(windowStart(99, 100, 10)).toBe(90);
    expect(windowStart(3, 5, 10)).toBe(0);
    expect(windowAround([1, 2, 3, 4, 5, 6], 5, 3)).toEqual([4, 5, 6]);
  });
});
