// The trip report on A4 from the command line (`report trip --a4 [--printer NAME]`), as I prints it
// from the counter screen: queued through the spool as a figures_a4 job and printed at once, through a
// real cupsd to a cups-pdf queue (scripts/cups-test-queue.sh); the printed PDF read back with
// pdftotext (the office heading, the trip, the figures as tables, the signatures) and drawn with
// pdftoppm. Without an A4 printer it says so and prints nothing. Needs the Debian packages of
// scripts/setup.sh and root (to start cupsd and add the queue).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt } from '../helpers/build.js';

const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const QUEUE = 'luudong-pdf';

let dir: string;
let db: string;
let outDir: string;

const cli = (args: string[], input = '') => spawnSync(process.execPath, [BIN, '--db', db, ...args], { encoding: 'utf8', input, env: { ...process.env, LUUDONG_LANG: '' } });
const ok = (args: string[], input = '') => {
  const r = cli(args, input);
  if (r.status !== 0) throw new Error(`luudong ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const pdfs = () => new Set(existsSync(outDir) ? readdirSync(outDir).filter((f) => f.endsWith('.pdf')) : []);
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC');

beforeAll(() => {
  ensureBuilt();
  const r = spawnSync('bash', [join(import.meta.dirname, '../../scripts/cups-test-queue.sh')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/cups-test-queue.sh failed: ${r.stderr}`);
  outDir = r.stdout.trim().split('\n').pop() ?? '';
  dir = mkdtempSync(join(tmpdir(), 'luudong-report-a4-'));
  db = join(dir, 'bus.db');
  ok(['trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Lan', '--counter', '1=*']);
  ok(['queue', 'issue', 'A']);
  ok(['queue', 'call', '--counter', '1']);
  ok(['queue', 'start', '--counter', '1']);
  ok(['dossier', 'receive', '--qr', '--procedure', '1.001193', '--docs', 'all'], QR);
  ok(['queue', 'finish', '--counter', '1']);
  ok(['trip', 'close']);
}, 120_000);

describe('report trip --a4', () => {
  it('without an A4 printer: says so in the operator’s language, nothing printed', () => {
    const before = pdfs();
    const r = cli(['--lang', 'en', 'report', 'trip', '--a4']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('No printer does “a4” yet. Add one: luudong printer add … --role a4');
    expect((JSON.parse(ok(['--json', 'print', 'jobs'])) as { kind: string }[]).filter((j) => j.kind === 'figures_a4')).toEqual([]);
    expect(pdfs()).toEqual(before);
  });

  it('prints the closed trip report on the A4 printer through CUPS; --json says the job and its state; the PDF reads back', () => {
    ok(['printer', 'add', 'a4', '--kind', 'cups', '--target', QUEUE, '--paper', 'a4', '--profile', 'raster', '--role', 'a4']);
    const before = pdfs();
    const jobs = JSON.parse(ok(['--json', 'report', 'trip', '--a4'])) as { id: number; kind: string; ref: string; printer: string; state: string }[];
    expect(jobs).toMatchObject([{ kind: 'figures_a4', ref: '1', printer: 'a4', state: 'done' }]);
    expect(jobs[0]?.id).toBeTypeOf('number');
    const made = [...pdfs()].filter((f) => !before.has(f));
    expect(made).toHaveLength(1);
    const file = join(outDir, made[0] as string);
    const text = pdfText(file);
    expect(text).toContain('UBND XÃ MỸ ĐỨC');
    expect(text).toContain('BÁO CÁO CHUYẾN 1');
    expect(text).toContain('Nhà văn hóa thôn Đồi Dùng, Xã Mỹ Đức');
    // one ticket issued and served, no absent, none left; one birth registration received
    expect(text).toMatch(/Tổng cộng\s+1\s+1\s+0\s+0/);
    expect(text).toMatch(/khai sinh/i);
    expect(text).toContain('NGƯỜI LẬP BÁO CÁO');
    expect(text).toContain('NGƯỜI KIỂM TRA');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', file, join(dir, 'report')]);
    expect(existsSync(join(dir, 'report-1.png'))).toBe(true);
    process.stdout.write(`report PNG: ${join(dir, 'report-1.png')}\n`);
  });

  it('--printer names which A4 printer; the human line says where it went; a trip not found is refused', () => {
    ok(['printer', 'add', 'a4-phong', '--kind', 'cups', '--target', QUEUE, '--paper', 'a4', '--profile', 'raster', '--role', 'a4']);
    const before = pdfs();
    const out = ok(['--lang', 'en', 'report', 'trip', '--trip', '1', '--a4', '--printer', 'a4-phong']);
    expect(out).toMatch(/a4-phong/);
    expect([...pdfs()].filter((f) => !before.has(f))).toHaveLength(1);
    const jobs = JSON.parse(ok(['--json', 'print', 'jobs'])) as { kind: string; printer: string; state: string }[];
    expect(jobs.filter((j) => j.kind === 'figures_a4').map((j) => [j.printer, j.state]).sort()).toEqual([
      ['a4', 'done'],
      ['a4-phong', 'done'],
    ]);
    const missing = cli(['--lang', 'en', 'report', 'trip', '--trip', '9', '--a4']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('9');
  });
});
