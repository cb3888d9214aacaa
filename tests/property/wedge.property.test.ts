// The keyboard-wedge router, property (the unit cases and a small mix are in tests/unit/wedge.test.ts).
// Proves that whatever way the terminal cuts the input into events and whenever the timer looks,
// scans and typed keys come out exactly, in order: a scanner's burst (any text, Vietnamese too, cut
// into chunks at most gapMs apart, its CR LF possibly split; with a prefix, escape sequences inside
// it too) is one scan with exactly its text; a scanner's burst with an escape sequence among its
// letters is one scan, whether or not it ends with the suffix; what a person types (letters at human
// pace, words from an input method, Enter, Tab, Backspace, Ctrl keys, arrows, function keys, Esc at
// any pace) is keys with every character kept. For each suffix the scanner may be set to (Enter, Tab,
// none) and with or without a prefix (STX). And the echo: every key of an undecided burst is echoed
// at once, and the decision that follows names exactly the keys echoed since the last one.
import { describe, it } from 'vitest';
import { decidedOnly, WedgeRouter, type WedgeOptions, type WedgeOutput } from '../../src/core/scan/wedge.js';
import { chunk, forAll, same, VIETNAMESE, type Rng } from '../helpers/property.js';

const ESCAPES = ['\x1b', '\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D', '\x1bOP', '\x1bOQ', '\x1b[15~', '\x1b[21~', '\x1b[5~', '\x1b[6~', '\x1b[Z', '\x1b[1;2P'];
const CONTROLS = ['\r', '\t', '\x7f', '\b', '\x15', '\x01', '\x0b', '\x00'];
const WORDS = ['Nguyễn', 'Hường', 'Đồi Dùng', 'xã Mỹ Đức', 'ư', 'ễ'];

/** A printable character a scan or a person may produce: ASCII or Vietnamese. */
const printable = (r: Rng) => (r.chance(0.75) ? String.fromCharCode(r.int(0x20, 0x7e)) : r.pick(VIETNAMESE));

type Decided = ReturnType<typeof decidedOnly>[number];

/** Adjacent key outputs joined: how the keys are cut does not matter, their order does. */
function merge(out: readonly Decided[]): Decided[] {
  const m: Decided[] = [];
  for (const o of out) {
    const prev = m.at(-1);
    if (o.kind === 'keys' && prev?.kind === 'keys') prev.raw += o.raw;
    else if (o.kind === 'keys' && o.raw === '') continue;
    else m.push({ ...o });
  }
  return m;
}

interface Session {
  opts: WedgeOptions;
  events: [string, number][];
  expected: Decided[];
}

/** Typing and scans, mixed at random, with the outputs they must give. */
function session(r: Rng): Session {
  const suffix = r.pick(['enter', 'enter', 'tab', 'none'] as const);
  const prefix = suffix !== 'none' && r.chance(0.3) ? '\x02' : '';
  const opts: WedgeOptions = { gapMs: r.pick([20, 30, 50]), minLength: r.pick([3, 4, 6]), prefix, suffix, maxLength: 4096 };
  const { gapMs } = opts;
  const events: [string, number][] = [];
  const expected: Decided[] = [];
  let at = 1000;
  /** Whether the last event was printable text, which the router may still be holding. */
  let holding = false;
  for (let seg = r.int(1, 10); seg > 0; seg--) {
    if (r.chance(0.4)) {
      // a scan: quiet before it, its chunks at most gapMs apart (a prefixed one may take its time)
      let body = '';
      const len = r.int(opts.minLength, 120);
      while ([...body].length < len) body += printable(r);
      at += gapMs + 1 + r.int(0, 300);
      const end = suffix === 'enter' ? r.pick(['\r', '\n', '\r\n']) : suffix === 'tab' ? '\t' : '';
      // with a prefix, an escape sequence may come inside the scan: it is part of it
      const chars = [...body];
      if (prefix && r.chance(0.3)) chars.splice(r.int(0, chars.length), 0, r.pick(ESCAPES));
      const text = chars.join('');
      const pieces = chunk(r, [...prefix, ...chars, ...end], 25).map((cs) => cs.join(''));
      for (const [i, p] of pieces.entries()) events.push([p, i === 0 ? at : (at += r.int(0, prefix ? 400 : gapMs))]);
      expected.push({ kind: 'scan', text });
      // suffix 'none': the scan ends by the quiet line that follows it
      if (suffix === 'none') at += gapMs + 1;
      holding = false;
      continue;
    }
    if (!prefix && r.chance(0.15)) {
      // a scanner's burst with escape sequences among its letters, ended by the suffix or not: a scan
      const parts: string[] = [];
      let n = 0;
      while (n < opts.minLength || r.chance(0.6)) {
        const len = r.int(1, 12);
        const letters = Array.from({ length: len }, () => printable(r)).join('');
        n += [...letters].length;
        parts.push(letters);
        if (parts.length === 1 || r.chance(0.5)) parts.push(r.pick(ESCAPES));
      }
      const text = parts.join('');
      const end = r.chance(0.5) && suffix !== 'none' ? (suffix === 'tab' ? '\t' : r.pick(['\r', '\n', '\r\n'])) : '';
      at += gapMs + 1 + r.int(0, 300);
      for (const [i, p] of [...parts, ...(end ? [end] : [])].entries()) events.push([p, i === 0 ? at : (at += r.int(0, gapMs))]);
      expected.push({ kind: 'scan', text });
      at += gapMs + 1;
      holding = false;
      continue;
    }
    // a person: a letter, a word from an input method, a control key or an escape sequence
    const key = r.weighted<string>([
      [5, () => printable(r)],
      // with no suffix, a word of minLength letters in one event is a burst like any scan's: not typed here
      [1, () => r.pick(WORDS.filter((w) => suffix !== 'none' || [...w].length < opts.minLength))],
      // the scan's suffix among them: Enter (or Tab) after typed text is a key, not the end of a scan
      [3, () => r.pick(CONTROLS)],
      [2, () => r.pick(ESCAPES)],
    ]);
    const isText = !/^[\x00-\x1f\x7f]/.test(key);
    // human pace after held text; a control key or escape sequence may follow anything at once
    at += holding || isText ? gapMs + 1 + r.int(0, 200) : r.int(0, 200);
    events.push([key, at]);
    expected.push({ kind: 'keys', raw: key });
    holding = isText;
  }
  return { opts, events, expected: merge(expected) };
}

function run(r: Rng, s: Session): WedgeOutput[] {
  const router = new WedgeRouter(s.opts);
  const out: WedgeOutput[] = [];
  let last = 0;
  for (const [raw, at] of s.events) {
    // the timer may look at any moment between two events
    if (r.chance(0.3) && at > last) out.push(...router.flushIfQuiet(r.int(last, at)));
    out.push(...router.push(raw, at));
    last = at;
  }
  out.push(...router.flushIfQuiet(last + 10_000));
  return out;
}

/**
 * The echo contract: decided keys never come while echoes wait for a decision; every decision names
 * exactly the keys echoed since the last one; an unprefixed scan's text is what was echoed for it.
 */
function echoProblem(out: readonly WedgeOutput[]): string | null {
  let pending = '';
  for (const o of out) {
    if (o.kind === 'echo') pending += o.raw;
    else if (o.kind === 'keys') {
      if (pending) return `keys ${JSON.stringify(o.raw)} while ${JSON.stringify(pending)} was undecided`;
    } else {
      const named = o.kind === 'typed' ? o.raw : o.echoed;
      if (named !== pending) return `${o.kind} named ${JSON.stringify(named)} but ${JSON.stringify(pending)} was echoed`;
      if (o.kind === 'scan' && o.echoed && o.text !== o.echoed) return `scan ${JSON.stringify(o.text)} echoed as ${JSON.stringify(o.echoed)}`;
      pending = '';
    }
  }
  return pending ? `${JSON.stringify(pending)} echoed and never decided` : null;
}

describe('keyboard wedge router, property', () => {
  it('5,000 sessions of typing and scans, randomly chunked and timed: every scan and every key, in order; every echo decided', () => {
    forAll('wedge', { seed: 0x3ed9, runs: 5000, gen: session }, (s, r) => {
      const out = run(r, s);
      same(echoProblem(out), null, 'the echo contract');
      same(merge(decidedOnly(out)), s.expected, `outputs (options ${JSON.stringify(s.opts)})`);
    });
  });
});
