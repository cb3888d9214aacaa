// Nothing raw reaches the terminal (issue 15, item 3). Proves, over random text with control, C1,
// bidi and other format characters mixed into Vietnamese: (1) cleanText, the input boundary, leaves
// none of them and changes safe text only by trimming and collapsing spaces; (2) escapeTerminal and
// the JSON escaping, the output side, leave none of them (line feeds aside) and lose nothing: safe
// text passes unchanged and escaped JSON parses back to the same value; (3) the counter screen's
// text component draws none of them; (4) the built CLI, run as a process with hostile text in a QR,
// arguments, an office-update file and a scan's raw text, writes none of them to stdout or stderr,
// in text or --json, in results and in error messages, and stores only cleaned text.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { cleanText, escapeJsonText, escapeTerminal, hasUnsafeChars } from '../../src/core/text.js';
import { openDatabase } from '../../src/store/db.js';
import { Line } from '../../src/ui/components.js';
import { BIN, ensureBuilt } from '../helpers/build.js';
import { assert, forAll, fullName, often, type Rng, same, VIETNAMESE } from '../helpers/property.js';

/** What a terminal acts on or what hides text, one of each kind the issue names and more. */
const HOSTILE = [
  '\x1b', '\x1b[2J', '\x1b]0;pwned\x07', '\x9b', '\x9b31m', '\x90', '\x9d', '\x85', '\x80', '\x9f', '\x7f', '\x00', '\x07', '\x08', '\r', '\x0b', '\x0c',
  '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f',
  '\u061c', '\u00ad', '\ufeff', '\u2060', '\u2028', '\u2029', '\ufff9', '\u{e0001}', '\u{e0041}',
];
/** Every character the tests count as unsafe on output: all of \p{Cc} but the line feed, \p{Cf}, separators. */
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\p{Cf}\u2028\u2029]/u;

function hostileText(r: Rng, max = 12): string {
  let s = '';
  const n = r.int(1, max);
  for (let i = 0; i < n; i++) {
    s += r.weighted<string>([
      [3, () => r.pick(VIETNAMESE)],
      [2, () => String.fromCharCode(r.int(0x61, 0x7a))],
      [1, () => ' '],
      [3, () => r.pick(HOSTILE)],
      [1, () => String.fromCharCode(r.int(0x80, 0x9f))],
    ]);
  }
  return s;
}

describe('the text boundary and the output escapes', () => {
  it('cleanText leaves nothing unsafe, and changes safe text only in its spaces', () => {
    let hostile = 0;
    const runs = forAll('cleanText', { seed: 1501, runs: 3000, gen: (r) => (r.chance(0.7) ? hostileText(r) : fullName(r)) }, (s) => {
      const c = cleanText(s);
      if (hasUnsafeChars(s)) hostile++;
      assert(!RAW.test(c) && !c.includes('\n'), () => `unsafe character left in ${JSON.stringify(c)}`);
      same(cleanText(c), c, 'cleaning twice');
      if (!hasUnsafeChars(s)) same(c, s.normalize('NFC').trim().replace(/\s+/g, ' '), 'safe text');
    });
    often(hostile, runs / 2, 'inputs with unsafe characters');
  });

  it('escapeTerminal and the JSON escaping leave nothing a terminal acts on, and lose nothing', () => {
    forAll('escapes', { seed: 1502, runs: 3000, gen: (r) => (r.chance(0.8) ? hostileText(r, 30) : fullName(r)) }, (s) => {
      const e = escapeTerminal(s);
      assert(!RAW.test(e.replace(/\t/g, '')), () => `unsafe character left in ${JSON.stringify(e)}`);
      if (!hasUnsafeChars(s)) same(e, s, 'safe text unchanged');
      const json = escapeJsonText(JSON.stringify({ name: s, list: [s, 1] }, null, 2));
      assert(!RAW.test(json), () => `unsafe character left in the JSON ${json}`);
      same(JSON.parse(json), { name: s, list: [s, 1] }, 'the JSON value');
    });
  });

  it('the counter screen\'s text component draws none of them', () => {
    forAll('Line', { seed: 1503, runs: 150, gen: (r) => hostileText(r, 20) }, (s) => {
      const view = render(createElement(Line, { text: s }));
      const frame = view.lastFrame() ?? '';
      view.unmount();
      assert(!RAW.test(frame), () => `the frame holds an unsafe character: ${JSON.stringify(frame)}`);
    });
  });
});

describe('the built CLI, as a process', () => {
  beforeAll(() => ensureBuilt(), 60_000);
  const data = loadDomainData();

  /** A database with a trip, a citizen with a clean name, a dossier, and a scan in the log with hostile raw text. */
  function setUp(hostile: string) {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-term-'));
    const file = join(dir, 'bus.db');
    const app = new Luudong({ db: openDatabase(file), data, file, operator: 'Lan' });
    app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: new Date().toISOString().slice(0, 10), start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: ['civil'] }] });
    // A scan that could not be used: kept with its raw text, as the scanner sent it.
    app.scans.take(`ABC${hostile}XYZ`, 'wedge');
    app.db.close();
    return { dir, file };
  }

  const run = (file: string, args: string[], input = '') => {
    const r = spawnSync(process.execPath, [BIN, '--db', file, '--lang', 'en', ...args], { encoding: 'utf8', input, env: { ...process.env, LUUDONG_LANG: '', FORCE_COLOR: '0' } });
    return { status: r.status, out: r.stdout + r.stderr, stdout: r.stdout };
  };

  it('writes no control, C1 or bidi character, whatever came in, and stores only cleaned text', () => {
    const QR = (name: string, address: string) => `001152012345|012345678|${name}|15031952|Nữ|${address}|10082021`;
    forAll('cli', { seed: 1504, runs: 4, gen: (r) => ({ name: hostileText(r, 8), note: hostileText(r, 10), bad: hostileText(r, 6) }) }, ({ name, note, bad }) => {
      const { dir, file } = setUp(bad);
      const outputs: { what: string; out: string }[] = [];
      const check = (what: string, r: { out: string }) => outputs.push({ what, out: r.out });
      // A hostile QR: refused as an encoding error, with nothing of it echoed raw.
      check('parse-qr', run(file, ['citizen', 'parse-qr', '--save'], QR(`NGUYỄN ${name} HƯỜNG`, `Thôn Đồi Dùng ${note}`)));
      check('parse-qr json', run(file, ['citizen', 'parse-qr', '--json'], QR(`NGUYỄN ${name}`, 'Thôn 1')));
      // Typed arguments: cleaned before they are stored.
      const add = run(file, ['citizen', 'add', '--id', '001152012345', '--name', `Nguyễn ${name.replace(/\d/g, '')} Hường`, '--dob', '15/03/1952', '--gender', 'Nữ', '--address', `Thôn ${note}`]);
      check('citizen add', add);
      const recv = run(file, ['dossier', 'receive', '--citizen', '001152012345', '--procedure', '1.001193', '--docs', 'mandatory', '--pay', 'exempt', '--note', note, '--slip', '--json']);
      check('receive', recv);
      const code = recv.status === 0 ? (JSON.parse(recv.stdout) as { code: string }).code : 'none';
      check('show', run(file, ['dossier', 'show', code, '--slip']));
      check('citizen show', run(file, ['citizen', 'show', '001152012345']));
      check('status', run(file, ['dossier', 'status', code, 'processing', '--note', note]));
      // Error messages that echo what was typed.
      check('bad code', run(file, ['dossier', 'show', `000${bad}`]));
      check('bad code json', run(file, ['dossier', 'show', `000${bad}`, '--json']));
      check('bad option', run(file, ['queue', 'issue', 'A', `--x${bad}`]));
      check('bad trip', run(file, ['trip', 'open', '--commune', `Xã ${bad}`, '--place', '', '--date', `2026${bad}`]));
      // The scan log shows raw scanner text on purpose: escaped.
      check('scanner log', run(file, ['scanner', 'log']));
      check('scanner log json', run(file, ['scanner', 'log', '--json']));
      // An office-update file from outside, with a hostile note.
      const upd = join(dir, 'updates.csv');
      writeFileSync(upd, `code,status,date,note\n${code},result_ready,2026-12-01,"${note.replace(/"/g, '')}"\n${bad},done,xx,\n`);
      check('import', run(file, ['handover', 'import', upd]));
      for (const o of outputs) assert(!RAW.test(o.out), () => `${o.what} wrote an unsafe character: ${JSON.stringify(o.out)}`);
      const db = new Database(file, { readonly: true });
      try {
        const stored = db.prepare("SELECT full_name || '|' || address AS v FROM citizens UNION ALL SELECT citizen_name || '|' || ifnull(note, '') FROM dossiers UNION ALL SELECT ifnull(note, '') FROM dossier_events").pluck().all() as string[];
        for (const v of stored) assert(!hasUnsafeChars(v), () => `stored unsafe text: ${JSON.stringify(v)}`);
        if (recv.status === 0) expect(stored.length).toBeGreaterThan(2);
      } finally {
        db.close();
      }
    });
  }, 120_000);
});
