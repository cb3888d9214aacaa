// The A4 slip end to end: rendered from a real dossier, kept next to the database and read back with
// pdftotext; printed through a real cupsd to a cups-pdf queue (scripts/cups-test-queue.sh) and the
// printed PDF read back; and the queues that must not count as printed: missing, disabled, stalled.
// Needs the Debian packages of scripts/setup.sh and root (to start cupsd and add queues).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupsTransport } from '../../drivers/printer/cups.js';
import { findDataDir, loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { renderFormsPdf } from '../../src/app/print/formPdf.js';
import { receiptForms } from '../../src/app/forms/index.js';
import { storeSlipPdf } from '../../src/app/print/slipPdf.js';
import type { Dossier } from '../../src/core/dossier.js';
import { DomainError } from '../../src/core/errors.js';
import { translator } from '../../src/i18n/index.js';
import { PrinterError, type PrinterConfig } from '../../src/ports/printer.js';
import { openDatabase } from '../../src/store/db.js';
import { FileRepo } from '../../src/store/files.js';

const data = loadDomainData();
const FONTS = join(findDataDir(), 'fonts');
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';
const NAME = 'Nguyễn Thị Hường';
const AT = new Date(2026, 10, 23, 9, 0).getTime();
const QUEUE = 'luudong-pdf';

let app: Luudong;
let dbFile: string;
let dossier: Dossier;
let pdf: Uint8Array;

/** The text of a PDF, NFC, whitespace runs as one space (lines may break anywhere). */
function pdfText(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
}

const cups = (config: Partial<PrinterConfig>, opts?: ConstructorParameters<typeof CupsTransport>[1]) =>
  new CupsTransport({ name: 'a4', kind: 'cups', target: QUEUE, paper: 'a4', profile: 'raster', ...config }, opts);

async function failure(p: Promise<unknown>): Promise<PrinterError> {
  const e = await p.then(() => new Error('resolved'), (x: unknown) => x);
  expect(e).toBeInstanceOf(PrinterError);
  return e as PrinterError;
}

const jobsOf = (queue: string) => execFileSync('lpstat', ['-o', queue], { encoding: 'utf8', env: { ...process.env, LANG: 'C' } }).trim();

beforeAll(async () => {
  dbFile = join(mkdtempSync(join(tmpdir(), 'luudong-slip-pdf-')), 'bus.db');
  app = new Luudong({ db: openDatabase(dbFile), data, now: () => AT, operator: 'Lan', file: dbFile });
  app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups: data.groups.map((g) => g.code) }], officeId: 'minh-chau' });
  // results come back at the next visit to this place (issue 13 item 8: a visit must be scheduled on or after the due date)
  app.schedule.add({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: '2027-01-11', start: '07:30', end: '11:30', services: [], note: null });
  app.citizenFromQr(QR);
  // A paid procedure, by bank transfer: the slip carries the VietQR as well.
  const p = data.procedures.find((x) => x.feeVnd > 0);
  if (!p) throw new Error('the catalogue has no paid procedure');
  const documents = p.documents.flatMap((d, i) => (d.mandatory ? [i] : []));
  // the shipped account is a placeholder: the office confirms its own before a QR is printed
  app.offices.set(data.office.id, { bank: { verified: true } });
  dossier = app.dossiers.receive({ citizenId: '001152012345', procedure: p.code ?? p.name.vi, documents, payment: 'bank_qr', returnMethod: 'next_visit' });
  pdf = await renderFormsPdf(receiptForms(app, dossier.code), FONTS, { createdAt: new Date(dossier.receivedAt) });
});

afterAll(() => app.db.close());

describe('the A4 slip as a PDF, kept with the dossier', () => {
  it('is real text in the shipped font: the code, the name and the address read back', () => {
    const { path } = storeSlipPdf(app.dossiers, dbFile, dossier, pdf, AT);
    expect(path).toBe(join(dirname(dbFile), 'files', dossier.code, 'slip.pdf'));
    const text = pdfText(path);
    expect(text).toContain(dossier.code);
    expect(text).toContain(NAME);
    expect(text).toContain('xã Mỹ Đức');
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
    expect(fonts).toContain('NotoSans-Regular');
    expect(fonts).not.toMatch(/Helvetica|Times|Courier/);
  });

  it('is the same bytes for the same dossier', async () => {
    expect(Buffer.compare(await renderFormsPdf(receiptForms(app, dossier.code), FONTS, { createdAt: new Date(dossier.receivedAt) }), pdf)).toBe(0);
  });

  it('is stored owner-only with a row per write; writing again replaces the file and leaves no temporary one', () => {
    const again = new Uint8Array([...pdf.subarray(0, pdf.length - 1), 0x0a]);
    const { path } = storeSlipPdf(app.dossiers, dbFile, dossier, again, AT + 1000);
    expect(readFileSync(path).equals(Buffer.from(again))).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(readdirSync(dirname(path))).toEqual(['slip.pdf']);
    const rows = new FileRepo(app.db).list(dossier.id);
    expect(rows.map((r) => [r.kind, r.path, r.mime, r.bytes, r.createdAt])).toEqual([
      ['slip_pdf', join('files', dossier.code, 'slip.pdf'), 'application/pdf', pdf.length, AT],
      ['slip_pdf', join('files', dossier.code, 'slip.pdf'), 'application/pdf', again.length, AT + 1000],
    ]);
    expect(rows[1]?.sha256).toBe(createHash('sha256').update(again).digest('hex'));
  });

  it('on a full disk says so (err.dbFull) and leaves no partial file', (ctx) => {
    const mnt = mkdtempSync(join(tmpdir(), 'luudong-full-'));
    // A 16 KiB tmpfs holds no slip; mounting needs root (CAP_SYS_ADMIN), as in CI.
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k,mode=0700', 'tmpfs', mnt]).status !== 0) {
      rmSync(mnt, { recursive: true, force: true });
      ctx.skip(true, 'mounting a tmpfs needs root (CAP_SYS_ADMIN)');
    }
    try {
      const rowsBefore = new FileRepo(app.db).list(dossier.id).length;
      let e: unknown;
      try {
        storeSlipPdf(app.dossiers, join(mnt, 'bus.db'), dossier, pdf, AT);
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('err.dbFull');
      expect(readdirSync(join(mnt, 'files', dossier.code))).toEqual([]);
      expect(new FileRepo(app.db).list(dossier.id).length).toBe(rowsBefore);
    } finally {
      spawnSync('umount', [mnt]);
      rmSync(mnt, { recursive: true, force: true });
    }
  });
});

describe('printing through CUPS', () => {
  let outDir: string;

  beforeAll(() => {
    const r = spawnSync('bash', [join(import.meta.dirname, '../../scripts/cups-test-queue.sh')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`scripts/cups-test-queue.sh failed: ${r.stderr}`);
    outDir = r.stdout.trim().split('\n').pop() ?? '';
  });

  it('prints the slip to the cups-pdf queue and resolves only once CUPS has completed the job', async () => {
    const before = new Set(existsSync(outDir) ? readdirSync(outDir) : []);
    const t = cups({});
    expect(await t.status()).toEqual({ online: true, coverOpen: false, paperNearEnd: false, paperOut: false, error: false });
    await t.print({ bytes: pdf, mime: 'application/pdf', title: `slip ${dossier.code}` });
    // cups-pdf has written its file before the job counts as completed.
    const made = readdirSync(outDir).filter((f) => !before.has(f) && f.endsWith('.pdf'));
    expect(made).toHaveLength(1);
    const text = pdfText(join(outDir, made[0] as string));
    expect(text).toContain(dossier.code);
    expect(text).toContain(NAME);
    for (const f of made) rmSync(join(outDir, f));
    await t.close();
  });

  it('a queue that does not exist, or no cupsd at all, is unreachable, at once', async () => {
    const started = Date.now();
    const missing = cups({ target: 'luudong-no-such-queue' });
    expect((await failure(missing.print({ bytes: pdf, mime: 'application/pdf', title: 'x' }))).failure).toBe('unreachable');
    expect((await failure(missing.status())).failure).toBe('unreachable');
    const noServer = cups({}, { server: join(tmpdir(), 'luudong-no-cupsd.sock') });
    expect((await failure(noServer.print({ bytes: pdf, mime: 'application/pdf', title: 'x' }))).failure).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a disabled queue is offline: the job is refused, not left to print later', async () => {
    execFileSync('cupsdisable', [QUEUE]);
    try {
      const t = cups({}, { timeoutMs: 3000 });
      expect((await t.status()).online).toBe(false);
      expect((await failure(t.print({ bytes: pdf, mime: 'application/pdf', title: 'x' }))).failure).toBe('offline');
      expect(jobsOf(QUEUE)).toBe('');
    } finally {
      execFileSync('cupsenable', [QUEUE]);
      spawnSync('cancel', ['-a', QUEUE]);
    }
  });

  describe('a printer that never takes the job', () => {
    const STALL = 'luudong-stall';

    beforeAll(async () => {
      // A network printer on a port where nobody listens: CUPS keeps the job processing and retries.
      const server = createServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as { port: number }).port;
      await new Promise((r) => server.close(r));
      execFileSync('lpadmin', ['-p', STALL, '-E', '-v', `socket://127.0.0.1:${port}`], { stdio: 'ignore' });
    });

    afterAll(() => {
      spawnSync('cancel', ['-a', STALL]);
      spawnSync('lpadmin', ['-x', STALL]);
    });

    const escpos = { bytes: new TextEncoder().encode('A001\n\n\n'), mime: 'application/vnd.escpos' as const, title: 'ticket A001' };

    it('times out, and the job is withdrawn so a retry cannot print it twice', async () => {
      const t = cups({ target: STALL }, { timeoutMs: 1500 });
      const started = Date.now();
      expect((await failure(t.print(escpos))).failure).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(4000);
      expect(jobsOf(STALL)).toBe('');
    });

    it('a job cancelled at the print server is not printed', async () => {
      const t = cups({ target: STALL }, { timeoutMs: 10_000 });
      const printing = failure(t.print(escpos));
      for (let i = 0; i < 50 && jobsOf(STALL) === ''; i++) await new Promise((r) => setTimeout(r, 100));
      execFileSync('cancel', ['-a', STALL]);
      const e = await printing;
      expect(e.failure).toBe('offline');
      expect(e.detail).toMatch(/cancelled/);
    });
  });
});
