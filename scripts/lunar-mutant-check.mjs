#!/usr/bin/env node
// The equivalence check behind bench/mutation-equivalent/lunar.json: every mutant of src/core/lunar.ts
// that the calendar batch's tests let live (reports/stryker/calendar.json, Survived or NoCoverage) is
// applied to the source and compared with the code as it is over the whole domain the conversions
// accept, which is finite: every day of 1800-2199 through solarToLunar, and lunarToSolar of days 1, 29
// and 30 of every month (1-12, leap or not) of lunar years 1800-2199 (the day only adds to the month's
// first day). Beside that, what the mutant does to the astronomy over the new moons those years use
// (k = -1240..3725, at UTC+7 and UTC+8): the largest change of a new moon (seconds) and of the sun's
// longitude at the midnight starting a new-moon day (arcseconds), the new-moon days that move and the
// sun sectors that change, each marked when it is in the zone its year is converted in, and whether
// any conversion of the domain asks for that sector (the original records every one asked for).
//
//   node scripts/lunar-mutant-check.mjs [--json]
//
// Exits 1 when a mutant changes any result of the domain (it is not equivalent: write a test).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FILE = 'src/core/lunar.ts';

// The worker: run in its own process per mutant (a mutant may loop), given the two modules.
const WORKER = `
const [o, m] = await Promise.all([import(process.argv[2]), import(process.argv[3])]);
const INT = Math.floor;
let results = 0, differing = 0;
const first = [];
const differ = (what) => { differing++; if (first.length < 3) first.push(what); };
for (let t = Date.UTC(1800, 0, 1); t <= Date.UTC(2199, 11, 31); t += 86400000) {
  const s = new Date(t).toISOString().slice(0, 10);
  results++;
  const a = JSON.stringify(o.solarToLunar(s)), b = JSON.stringify(m.solarToLunar(s));
  if (a !== b) differ(['solarToLunar', s, a, b]);
}
for (let y = 1800; y <= 2199; y++) for (let mo = 1; mo <= 12; mo++) for (const leap of [false, true]) for (const d of [1, 29, 30]) {
  results++;
  const a = o.lunarToSolar(d, mo, y, leap), b = m.lunarToSolar(d, mo, y, leap);
  if (a !== b) differ(['lunarToSolar', d, mo, y, leap, a, b]);
}
// The midnights whose sun sector some conversion of the domain asked for (the original records them).
const asked = o.askedSectors;
let newMoonSeconds = 0, sunArcsec = 0;
const newMoonDays = [], sunSectors = [];
const date = (jd) => o.jdToDate(jd).reverse().join('-');
const zone = (jd, tz) => (o.calendarZone(o.jdToDate(jd)[2]) === tz ? ', its zone' : '');
for (let k = -1240; k <= 3725; k++) {
  newMoonSeconds = Math.max(newMoonSeconds, Math.abs(o.newMoon(k) - m.newMoon(k)) * 86400);
  for (const tz of [7, 8]) {
    const a = INT(o.newMoon(k) + 0.5 + tz / 24), b = INT(m.newMoon(k) + 0.5 + tz / 24);
    if (a !== b) newMoonDays.push(date(a) + ' (UTC+' + tz + zone(a, tz) + ')');
    const x = o.sunLongitude(a - 0.5 - tz / 24), y = m.sunLongitude(a - 0.5 - tz / 24);
    let d = Math.abs(x - y);
    if (d > Math.PI) d = 2 * Math.PI - d;
    sunArcsec = Math.max(sunArcsec, (d * 180 * 3600) / Math.PI);
    const sx = INT((x / Math.PI) * 6), sy = INT((y / Math.PI) * 6);
    if (sx !== sy) sunSectors.push(date(a) + ' (UTC+' + tz + zone(a, tz) + '): ' + sx + ' to ' + sy + (asked.has(a + '@' + tz) ? ', asked for' : ', never asked for'));
  }
}
console.log(JSON.stringify({ results, differing, first, newMoonSeconds: +newMoonSeconds.toFixed(2), sunArcsec: +sunArcsec.toFixed(2), newMoonDays, sunSectors }));
`;

const json = process.argv.includes('--json');
const source = readFileSync(join(ROOT, FILE), 'utf8');
const report = JSON.parse(readFileSync(join(ROOT, 'reports/stryker/calendar.json'), 'utf8'));
const entry = Object.entries(report.files).find(([p]) => p.endsWith(FILE));
if (!entry) throw new Error(`${FILE} is not in reports/stryker/calendar.json`);
if (entry[1].source !== source) throw new Error(`${FILE} changed since the calendar batch ran: run npm run mutate -- calendar first`);
const dir = mkdtempSync(join(tmpdir(), 'lunar-mutants-'));
// The internals the figures need, exported from both copies alike.
const build = (code, name) => {
  const js = transformSync(`${code}\nexport { newMoon, sunLongitude };\n`, { loader: 'ts', format: 'esm' }).code;
  writeFileSync(join(dir, `${name}.mjs`), js);
  return join(dir, `${name}.mjs`);
};
// The original, recording each (day, zone) whose sun sector is asked for: its results are the same.
const SECTOR = 'const sunSector = (dayNumber: number, tz: number) =>';
const recording = (code) => {
  if (!code.includes(SECTOR)) throw new Error(`${FILE}: sunSector is not written as this script expects`);
  return code.replace(SECTOR, `export const askedSectors = new Set<string>();\n${SECTOR} (askedSectors.add(dayNumber + '@' + tz), 0) +`);
};
const lines = source.split('\n');
/** The text Stryker's location covers. */
const text = ({ start, end }) =>
  start.line === end.line
    ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
    : [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
/** The source with the mutant in place of the text at its location. */
const mutate = ({ start, end }, replacement) => {
  const offset = (p) => lines.slice(0, p.line - 1).reduce((n, l) => n + l.length + 1, 0) + p.column - 1;
  return source.slice(0, offset(start)) + replacement + source.slice(offset(end));
};
try {
  const original = build(recording(source), 'original');
  writeFileSync(join(dir, 'worker.mjs'), WORKER);
  const out = [];
  const live = entry[1].mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
  live.forEach((m, i) => {
    const mutant = build(mutate(m.location, m.replacement), `m${i}`);
    const r = spawnSync(process.execPath, [join(dir, 'worker.mjs'), original, mutant], { encoding: 'utf8', timeout: 300_000 });
    const found = r.status === 0 ? JSON.parse(r.stdout) : { error: r.error ? String(r.error) : r.stderr.trim().split('\n').slice(-3).join(' ') };
    const row = { line: m.location.start.line, mutator: m.mutatorName, status: m.status, original: text(m.location), replacement: m.replacement, ...found };
    out.push(row);
    if (!json) {
      const what = row.error ?? `${row.differing} of ${row.results} results differ; new moon ${row.newMoonSeconds} s, sun ${row.sunArcsec}"${row.newMoonDays.length ? `; new-moon days moved: ${row.newMoonDays.join(', ')}` : ''}${row.sunSectors.length ? `; sun sectors changed: ${row.sunSectors.join(', ')}` : ''}`;
      console.log(`${FILE}:${row.line} ${row.mutator}: ${row.original.replace(/\s+/g, ' ')} -> ${row.replacement.replace(/\s+/g, ' ')}\n  ${what}`);
    }
  });
  if (json) console.log(JSON.stringify(out, null, 1));
  process.exitCode = out.some((r) => r.error || r.differing > 0) ? 1 : 0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
