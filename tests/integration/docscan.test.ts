// Paper documents through SANE's `test` backend (a real scanimage, a virtual device): pages into
// one PDF kept with the dossier's checklist item, a jam that keeps the pages before it, the feeder
// running out, no scanner, and a stored file that was tampered with.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanError, scanBatch, SCAN_PRESETS } from '../../drivers/docscan/sane.js';
import { pagesToPdf, readStoredFile, storeScan } from '../../src/app/attachments.js';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { openDatabase } from '../../src/store/db.js';
import { refusal } from '../helpers/refusal.js';

const ROOT = resolve(import.meta.dirname, '../..');
const sane = mkdtempSync(join(tmpdir(), 'luudong-sane-'));
writeFileSync(join(sane, 'dll.conf'), 'test\n');
const env = { ...process.env, SANE_CONFIG_DIR: sane };
const base = { device: 'test:0', preset: { ...SCAN_PRESETS.documents, resolution: 50 }, feeder: false, env };
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

beforeAll(() => {
  if (spawnSync('scanimage', ['-V']).error) throw new Error('scanimage is needed (apt-get install sane-utils)');
});

function dossier() {
  const file = join(mkdtempSync(join(tmpdir(), 'luudong-docscan-')), 'bus.db');
  const app = new Luudong({ db: openDatabase(file), data: loadDomainData(), file, operator: 'Lan' });
  app.citizenFromQr(QR);
  const p = app.data.procedures.find((x) => x.code === '1.001193');
  const d = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: (p?.documents ?? []).flatMap((x, i) => (x.mandatory ? [i] : [])), payment: 'exempt', returnMethod: 'commune_office' });
  return { app, file, d };
}

const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);

describe('document scanning', () => {
  it('three pages into one PDF, kept with the dossier and its checklist item, checked when read', async () => {
    const seen: number[] = [];
    const r = await scanBatch({ ...base, maxPages: 3, onPage: (n) => seen.push(n) });
    expect(r.error).toBeNull();
    expect(seen).toEqual([1, 2, 3]);
    const { app, file, d } = dossier();
    const f = storeScan(app.dossiers, file, d, 1, await pagesToPdf(r.pages, join(ROOT, 'data/fonts')), app.now());
    expect(f).toMatchObject({ kind: 'scan', item: 1, mime: 'application/pdf' });
    const path = join(dirname(file), f.path);
    expect(f.path).toBe(join('attachments', f.sha256.slice(0, 2), `${f.sha256}.pdf`));
    expect(pdfPages(path)).toBe(3);
    expect(readStoredFile(file, f).length).toBe(f.bytes);
    writeFileSync(path, 'tampered');
    expect(refusal(() => readStoredFile(file, f)).code).toBe('err.scan.damaged');
    expect(refusal(() => storeScan(app.dossiers, file, d, 9, new Uint8Array(10), app.now())).code).toBe('err.receipt.document');
    app.db.close();
  });

  it('a jam on page 4 keeps pages 1-3 and says it jammed', async () => {
    const r = await scanBatch({ ...base, maxPages: 6, pageArgs: (n) => (n === 4 ? ['--read-return-value', 'SANE_STATUS_JAMMED'] : []) });
    expect(r.pages).toHaveLength(3);
    expect(r.error).toBeInstanceOf(ScanError);
    expect(r.error?.failure).toBe('jammed');
  });

  it('the feeder running out ends a batch normally; an empty feeder at once is an error', async () => {
    const feeder = { ...base, feeder: true };
    const r = await scanBatch({ ...feeder, maxPages: 10, pageArgs: (n) => (n === 3 ? ['--read-return-value', 'SANE_STATUS_NO_DOCS'] : []) });
    expect(r.pages).toHaveLength(2);
    expect(r.error).toBeNull();
    const empty = await scanBatch({ ...feeder, maxPages: 10, pageArgs: () => ['--read-return-value', 'SANE_STATUS_NO_DOCS'] });
    expect(empty.error?.failure).toBe('noDocs');
  });

  it('no such scanner: said as such', async () => {
    const r = await scanBatch({ ...base, device: 'nope:0', maxPages: 1 });
    expect(r.error?.failure).toBe('noDevice');
  });

  it('the CLI scans into a dossier with progress, and refuses a missing scanner in words', () => {
    const { app, file, d } = dossier();
    app.db.close();
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), '--db', file, ...args], { encoding: 'utf8', env: { ...env, LUUDONG_LANG: '' } });
    const ok = cli('scan', '--dossier', d.code, '--item', '2', '--pages', '2', '--device', 'test:0');
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('Đã quét trang 2');
    expect(ok.stdout).toContain(`Đã lưu 2 trang vào hồ sơ ${d.code}, giấy tờ số 2.`);
    const none = cli('--lang', 'en', 'scan', '--dossier', d.code, '--item', '1', '--device', 'nope:0');
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('No page scanned: no scanner found');
  });
});
