// The pure parts of the handover: CSV as spreadsheets write it, the office's update files, row checks
// against the dossier lifecycle, the manifest and its comparison with the files found on disk.
import { describe, expect, it } from 'vitest';
import { parseCsv, sniffSeparator } from '../../src/core/csv.js';
import {
  attachmentPath, buildManifest, checkManifest, compareBundle, groupFingerprint, isIntact, isSafeBundlePath, serializeManifest,
} from '../../src/core/handover.js';
import { parseState, parseUpdateDate, parseUpdateFile, planUpdates, sameCommune, type DossierNow } from '../../src/core/officeUpdates.js';
import { manifestInput as input, sha } from '../helpers/handover.js';
import { refusal } from '../helpers/refusal.js';
import { DOSSIER_STATES } from '../../src/core/lifecycle.js';
import { translator, type MessageKey } from '../../src/i18n/index.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const CODE1 = '000.00.20.H26-261123-0001';
const CODE2 = '000.00.20.H26-261123-0002';
const CODE3 = '000.00.20.H26-261123-0003';

describe('CSV', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, numbering rows as a spreadsheet does', () => {
    const text = 'code,note\r\nA,"Thiếu bản sao, cần bổ sung"\r\nB,"Ông nói ""đã nộp"""\r\nC,"dòng một\r\ndòng hai"\r\nD,cuối\r\n';
    expect(parseCsv(text)).toEqual([
      { row: 1, fields: ['code', 'note'] },
      { row: 2, fields: ['A', 'Thiếu bản sao, cần bổ sung'] },
      { row: 3, fields: ['B', 'Ông nói "đã nộp"'] },
      { row: 4, fields: ['C', 'dòng một\r\ndòng hai'] },
      { row: 5, fields: ['D', 'cuối'] },
    ]);
  });

  it('drops a BOM, takes LF, CRLF or CR, skips blank lines but counts them, keeps a last line without a newline', () => {
    expect(parseCsv('\uFEFFa,b\n\n1,2\r\n3,4\r5,6')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 3, fields: ['1', '2'] },
      { row: 4, fields: ['3', '4'] },
      { row: 5, fields: ['5', '6'] },
    ]);
  });

  it('keeps empty cells, and an empty quoted last cell', () => {
    expect(parseCsv('a,,c\n,"",\nx,""')).toEqual([
      { row: 1, fields: ['a', '', 'c'] },
      { row: 2, fields: ['', '', ''] },
      { row: 3, fields: ['x', ''] },
    ]);
  });

  it('takes the separator from the header: ; from Vietnamese Excel, tabs, commas inside quotes not counted', () => {
    expect(sniffSeparator('Mã hồ sơ;Trạng thái;Ngày;Ghi chú\n1,5;2')).toBe(';');
    expect(sniffSeparator('"a,b,c";d;e\n')).toBe(';');
    expect(sniffSeparator('a\tb\tc')).toBe('\t');
    expect(sniffSeparator('only')).toBe(',');
    expect(parseCsv('a;b\n"x;y";z')).toEqual([{ row: 1, fields: ['a', 'b'] }, { row: 2, fields: ['x;y', 'z'] }]);
  });

  it('a quote inside an unquoted cell is text; a quote never closed is refused with the row it opened in', () => {
    expect(parseCsv('a,b\n5" screen,x')[1]?.fields).toEqual(['5" screen', 'x']);
    const e = refusal(() => parseCsv('a,b\n1,2\n3,"open\n4,5\n'));
    expect(e.code).toBe('err.csv.quote');
    expect(e.params.row).toBe(3);
  });
});

describe('update files from the office', () => {
  it('CSV with a Vietnamese header from Excel (BOM, ;, CRLF), decomposed marks made NFC', () => {
    const nfd = 'Đã có kết quả'.normalize('NFD');
    const p = parseUpdateFile(bytes(`\uFEFFMã hồ sơ;Trạng thái;Ngày;Ghi chú\r\n${CODE1};${nfd};25/11/2026;"Kết quả: Giấy khai sinh; bản chính"\r\n`));
    expect(p.format).toBe('csv');
    expect(p.problems).toEqual([]);
    expect(p.rows).toEqual([{ row: 2, code: CODE1, status: 'Đã có kết quả', date: '25/11/2026', note: 'Kết quả: Giấy khai sinh; bản chính' }]);
    expect(p.rows[0]?.status).toBe(p.rows[0]?.status.normalize('NFC'));
  });

  it('CSV columns in any order, unknown columns ignored, a missing note column allowed', () => {
    const p = parseUpdateFile(bytes(`date,citizen,status,code\n2026-11-25,Nguyễn Thị Hường,result_ready,${CODE1}\n`));
    expect(p.rows).toEqual([{ row: 2, code: CODE1, status: 'result_ready', date: '2026-11-25', note: '' }]);
  });

  it('CSV rows with too many cells, or too few to reach a needed column, are bad rows; trailing empty ones may be left out', () => {
    const p = parseUpdateFile(bytes(`code,status,date,note\n${CODE1},processing,2026-11-24\n${CODE2},processing\n${CODE3},processing,2026-11-24,a,b\n`));
    expect(p.rows.map((r) => r.row)).toEqual([2]);
    expect(p.problems.map((x) => [x.row, x.code, x.error.code, x.error.params])).toEqual([
      [3, CODE2, 'err.update.cells', { found: 2, expected: 4 }],
      [4, CODE3, 'err.update.cells', { found: 5, expected: 4 }],
    ]);
  });

  it('refuses a file without a needed column, an empty file, text that is not UTF-8', () => {
    expect(refusal(() => parseUpdateFile(bytes(`code,note\n${CODE1},x\n`))).params).toEqual({ columns: 'status, date' });
    expect(refusal(() => parseUpdateFile(bytes(''))).code).toBe('err.update.empty');
    expect(refusal(() => parseUpdateFile(bytes('code,status,date\n'))).code).toBe('err.update.empty');
    // "Đã" in Windows-1258 is not UTF-8
    expect(refusal(() => parseUpdateFile(new Uint8Array([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xd0, 0xe3]))).code).toBe('err.update.encoding');
  });

  it('JSON: a list or {"updates": [...]}, keys by the same names, a null note; a non-object item is a bad row', () => {
    const list = [{ code: CODE1, status: 'processing', date: '2026-11-24', note: null }, 'oops', { 'mã hồ sơ': CODE2, 'trạng thái': 'tu choi', ngày: '24/11/2026', ghi_chu: 'Không đủ điều kiện' }];
    for (const text of [JSON.stringify(list), JSON.stringify({ updates: list })]) {
      const p = parseUpdateFile(bytes(text));
      expect(p.format).toBe('json');
      expect(p.rows).toEqual([
        { row: 1, code: CODE1, status: 'processing', date: '2026-11-24', note: '' },
        { row: 3, code: CODE2, status: 'tu choi', date: '24/11/2026', note: 'Không đủ điều kiện' },
      ]);
      expect(p.problems.map((x) => [x.row, x.error.code])).toEqual([[2, 'err.update.item']]);
    }
    expect(refusal(() => parseUpdateFile(bytes('{"updates": 3}'))).code).toBe('err.update.json');
    expect(refusal(() => parseUpdateFile(bytes('[{"code": "x",'))).code).toBe('err.update.json');
    expect(refusal(() => parseUpdateFile(bytes(JSON.stringify([{ code: CODE1, status: 'processing' }])))).code).toBe('err.update.columns');
  });

  it('states by code or by their Vietnamese names, marks and case optional', () => {
    expect(parseState('result_ready')).toBe('result_ready');
    expect(parseState('Result-Ready')).toBe('result_ready');
    expect(parseState('Đã có kết quả')).toBe('result_ready');
    expect(parseState('da co ket qua')).toBe('result_ready');
    expect(parseState('YÊU CẦU BỔ SUNG')).toBe('supplement_requested');
    expect(parseState('Từ chối')).toBe('refused');
    // The catalogue's names of the states, as the office's staff write them.
    expect(parseState('Chờ bổ sung, hoàn thiện hồ sơ')).toBe('supplement_requested');
    expect(parseState('Đang giải quyết')).toBe('processing');
    expect(parseState('Từ chối giải quyết')).toBe('refused');
    for (const state of DOSSIER_STATES) {
      expect(parseState(translator('vi')(`dossier.${state}` as MessageKey)), state).toBe(state);
      expect(parseState(translator('vi')(`form.state.${state}` as MessageKey)), state).toBe(state);
    }
    expect(parseState('done')).toBeUndefined();
    expect(parseState('')).toBeUndefined();
  });

  it('dates as YYYY-MM-DD or D/M/YYYY, real days only', () => {
    expect(parseUpdateDate('2026-11-25')).toBe('2026-11-25');
    expect(parseUpdateDate('25/11/2026')).toBe('2026-11-25');
    expect(parseUpdateDate('5/1/2027')).toBe('2027-01-05');
    expect(parseUpdateDate('05.01.2027')).toBe('2027-01-05');
    expect(parseUpdateDate('31/02/2026')).toBeUndefined();
    expect(parseUpdateDate('2026-13-01')).toBeUndefined();
    expect(parseUpdateDate('11/25/2026')).toBeUndefined();
    expect(parseUpdateDate('25/11/26')).toBeUndefined();
  });
});

describe('checking update rows against the lifecycle', () => {
  const dossiers = new Map<string, DossierNow>([
    [CODE1, { state: 'handed_over', receivedOn: '2026-11-23' }],
    [CODE2, { state: 'returned', receivedOn: '2026-11-23' }],
    [CODE3, { state: 'result_ready', receivedOn: '2026-11-23' }],
  ]);
  const plan = (rows: [string, string, string, string?][]) =>
    planUpdates(rows.map(([code, status, date, note], i) => ({ row: i + 2, code, status, date, note: note ?? '' })), (c) => dossiers.get(c), '2026-11-30');

  it('judges rows about one dossier one after the other', () => {
    const p = plan([
      [CODE1, 'processing', '2026-11-24'],
      [CODE1.toLowerCase(), 'Đã có kết quả', '27/11/2026', 'Giấy khai sinh bản chính'],
    ]);
    expect(p.problems).toEqual([]);
    expect(p.changes).toEqual([
      { row: 2, code: CODE1, from: 'handed_over', to: 'processing', date: '2026-11-24', note: null },
      { row: 3, code: CODE1, from: 'processing', to: 'result_ready', date: '2026-11-27', note: 'Giấy khai sinh bản chính' },
    ]);
  });

  it('names each bad row and why: code, unknown dossier, status, date, future, before receipt, a step the lifecycle forbids', () => {
    const p = plan([
      ['ABC-1', 'processing', '2026-11-24'],
      ['000.00.20.H26-261123-0099', 'processing', '2026-11-24'],
      [CODE1, 'finished', '2026-11-24'],
      [CODE1, 'processing', '30/2/2026'],
      [CODE1, 'processing', '2026-12-01'],
      [CODE1, 'processing', '2026-11-20'],
      [CODE2, 'processing', '2026-11-24'],
    ]);
    expect(p.changes).toEqual([]);
    expect(p.problems.map((x) => [x.row, x.code, x.error.code])).toEqual([
      [2, 'ABC-1', 'err.update.code'],
      [3, '000.00.20.H26-261123-0099', 'err.update.unknown'],
      [4, CODE1, 'err.update.status'],
      [5, CODE1, 'err.update.date'],
      [6, CODE1, 'err.update.future'],
      [7, CODE1, 'err.update.beforeReceipt'],
      [8, CODE2, 'err.dossier.transition'],
    ]);
    expect(p.problems[6]?.error.params).toEqual({ from: 'dossier.returned', to: 'dossier.processing' });
    expect(p.problems[5]?.error.params).toEqual({ date: '20/11/2026', received: '23/11/2026' });
  });

  it('a row asking for the state the dossier is in is unchanged, not an error (a file imported twice)', () => {
    const p = plan([[CODE3, 'result_ready', '2026-11-25']]);
    expect(p).toEqual({ changes: [], unchanged: [{ row: 2, code: CODE3, state: 'result_ready' }], problems: [] });
  });

  it('a bad row does not move the state later rows are judged from', () => {
    const p = plan([
      [CODE1, 'returned', '2026-11-24'],
      [CODE1, 'processing', '2026-11-24'],
    ]);
    expect(p.problems.map((x) => x.row)).toEqual([2]);
    expect(p.changes.map((c) => [c.row, c.from, c.to])).toEqual([[3, 'handed_over', 'processing']]);
  });
});

describe('communes', () => {
  it('match with or without the unit word, the province and the marks', () => {
    expect(sameCommune('Xã Mỹ Đức, Hà Nội', 'mỹ đức')).toBe(true);
    expect(sameCommune('Mỹ Đức', 'xa my duc')).toBe(true);
    expect(sameCommune('Thị trấn Đại Nghĩa', 'Đại Nghĩa')).toBe(true);
    expect(sameCommune('Xã Mỹ Đức', 'Xã Mỹ Xuyên')).toBe(false);
    expect(sameCommune('Xã Mỹ Đức', 'Xã Đức')).toBe(false);
  });
});

describe('the manifest', () => {
  const files = [
    { path: 'dossiers.jsonl', bytes: 10, sha256: sha('1') },
    { path: `attachments/${CODE1}/slip.pdf`, bytes: 20, sha256: sha('2') },
    { path: 'citizens.jsonl', bytes: 30, sha256: sha('3') },
  ];

  it('is built with its format and version, files sorted by path, and reads back as written', () => {
    const m = buildManifest(input(files));
    expect(m.format).toBe('luudong-handover');
    expect(m.version).toBe(1);
    expect(m.files.map((f) => f.path)).toEqual([`attachments/${CODE1}/slip.pdf`, 'citizens.jsonl', 'dossiers.jsonl']);
    const text = serializeManifest(m);
    expect(text.endsWith('}\n')).toBe(true);
    expect(checkManifest(JSON.parse(text))).toEqual(m);
    expect(() => buildManifest(input([...files, files[0] as (typeof files)[number]]))).toThrow(/listed twice/);
  });

  it('refuses another version, another format, paths leading out of the bundle, bad hashes, the envelope listed', () => {
    const good = JSON.parse(serializeManifest(buildManifest(input(files)))) as Record<string, unknown>;
    const bad = (change: (m: Record<string, unknown>) => void) => {
      const m = structuredClone(good);
      change(m);
      return refusal(() => checkManifest(m));
    };
    const v = bad((m) => (m.version = 2));
    expect([v.code, v.params]).toEqual(['err.handover.version', { version: '2', known: 1 }]);
    expect(bad((m) => (m.format = 'zip')).code).toBe('err.handover.manifest');
    for (const path of ['../etc/passwd', '/etc/passwd', 'attachments/../../x', 'a//b', 'a\\b', './a', 'manifest.sig', '']) {
      const e = bad((m) => ((m.files as { path: string }[])[0]!.path = path));
      expect(e.code, path).toBe('err.handover.manifest');
    }
    expect(bad((m) => ((m.files as { sha256: string }[])[0]!.sha256 = 'ABC')).params.detail).toMatch(/sha256/);
    expect(bad((m) => ((m.files as { bytes: number }[])[0]!.bytes = -1)).params.detail).toMatch(/bytes/);
    expect(bad((m) => (m.files = [...(m.files as unknown[]), (m.files as unknown[])[0]])).params.detail).toMatch(/listed twice/);
    expect(bad((m) => delete m.trip).params.detail).toMatch(/\$\.trip/);
    expect(refusal(() => checkManifest([])).code).toBe('err.handover.manifest');
  });

  it('compared with the files found: missing, altered (hash or size), extra, the envelope never extra', () => {
    const found = [
      { path: 'dossiers.jsonl', bytes: 10, sha256: sha('1') },
      { path: `attachments/${CODE1}/slip.pdf`, bytes: 20, sha256: sha('9') },
      { path: 'citizens.jsonl', bytes: 31, sha256: sha('3') },
      { path: 'notes.txt', bytes: 1, sha256: sha('4') },
      { path: 'manifest.json', bytes: 1, sha256: sha('5') },
      { path: 'manifest.sig', bytes: 1, sha256: sha('6') },
    ];
    const d = compareBundle(files, found);
    expect(d).toEqual({ missing: [], altered: [`attachments/${CODE1}/slip.pdf`, 'citizens.jsonl'], extra: ['notes.txt'], matching: 1 });
    expect(isIntact(d)).toBe(false);
    const gone = compareBundle(files, found.slice(0, 1));
    expect(gone.missing).toEqual([`attachments/${CODE1}/slip.pdf`, 'citizens.jsonl']);
    expect(isIntact(compareBundle(files, files))).toBe(true);
  });

  it('attachment paths stay inside the bundle, under the dossier code', () => {
    expect(attachmentPath(CODE1, 'attachments/ab/abcdef.pdf')).toBe(`attachments/${CODE1}/abcdef.pdf`);
    expect(attachmentPath(CODE1, `files/${CODE1}/slip.pdf`)).toBe(`attachments/${CODE1}/slip.pdf`);
    expect(() => attachmentPath(CODE1, 'files/..')).toThrow();
    expect(isSafeBundlePath('attachments/x/y.pdf')).toBe(true);
    expect(isSafeBundlePath('x/\u0000y')).toBe(false);
  });

  it('fingerprints read in groups of four', () => {
    expect(groupFingerprint(`sha256:${'0123456789abcdef'.repeat(4)}`)).toBe(`sha256: ${'0123 4567 89ab cdef '.repeat(4).trim()}`);
  });
});
