// Issue 19: the Vietnamese of the catalogue and of the data files reads like the office's own. Each
// fault named there is a pattern (tests/helpers/wording.ts) no Vietnamese text may match; the agreed
// terms are checked where they live; data texts fit the receipt dialog.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { vi } from '../../src/i18n/vi.js';
import { WORDING_FAULTS, wordingFaults } from '../helpers/wording.js';

const DATA = resolve(import.meta.dirname, '../../data');
const data = (name: string): unknown => JSON.parse(readFileSync(join(DATA, name), 'utf8'));

/** Every Vietnamese text of a data file: the strings under a "vi" key (notes and sources are for developers). */
function viTexts(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) viTexts(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if (k === 'vi' && typeof x === 'string') out.push(x);
      else viTexts(x, out);
    }
  return out;
}

const FILES = ['procedures.json', 'help-services.json', 'service-groups.json', 'priority-categories.json', 'offices.json', 'forms.json'];

describe('Vietnamese wording (issue 19)', () => {
  it('each fault pattern catches the fault it names', () => {
    const samples = ['SỐ THỨ TỰ CỦA BẠN', 'Ngày sinh 01/01/2030 ở tương lai.', 'Cách trả kết quả “x” không có.', 'nhập tay công dân', 'dạng NNNN-TT-NN', 'Tên «x»', 'Quầy (vd: 1=A)',
      'sớm hạn', 'Đang xử lý', 'Yêu cầu bổ sung', 'Nhật ký kiểm tra', 'Dấu khóa ký của xe', 'Bộ phận một cửa UBND xã', 'Hỗ trợ không hồ sơ', 'miễn / không thu', 'tại: Tại UBND xã', 'nhập hộ khẩu',
      'Lưu động – Dịch vụ công'];
    expect(samples).toHaveLength(WORDING_FAULTS.length);
    WORDING_FAULTS.forEach(([why, re], i) => expect(re.test(samples[i] as string), why).toBe(true));
    // and lets the right words through
    for (const ok of ['Bạc Liêu', 'Số người chờ trước: 3', 'nộp trực tiếp', 'Bộ phận Một cửa', 'ví dụ 23/11/2026', 'Không có cách trả kết quả “x”.', 'bàn giao', 'vdx'])
      expect(wordingFaults(ok), ok).toEqual([]);
  });

  it('the Vietnamese catalogue has none of them', () => {
    const faults = Object.entries(vi).flatMap(([k, v]) => wordingFaults(v).map((f) => `${k}: ${f}`));
    expect(faults).toEqual([]);
  });

  it('the data files have none of them', () => {
    const faults = FILES.flatMap((f) => viTexts(data(f)).flatMap((v) => wordingFaults(v).map((x) => `${f}: ${x}`)));
    expect(faults).toEqual([]);
  });

  it('uses the one-stop system’s terms, one per concept', () => {
    // dossier states: the same words on screen as on the forms
    for (const s of ['received', 'handed_over', 'processing', 'supplement_requested', 'result_ready', 'returned', 'refused', 'cancelled'] as const)
      expect(vi[`dossier.${s}`], s).toBe(vi[`form.state.${s}`]);
    expect(vi['dossier.processing']).toBe('Đang giải quyết');
    expect(vi['dossier.supplement_requested']).toBe('Chờ bổ sung, hoàn thiện hồ sơ');
    expect(vi['dossier.refused']).toBe('Từ chối giải quyết');
    expect(vi['time.early']).toBe('trước hạn');
    // one name for the service
    expect(vi['app.name']).toBe('Dịch vụ công lưu động');
    expect(vi['sched.posterSubtitle']).toBe('DỊCH VỤ CÔNG LƯU ĐỘNG');
    // a walk-in is served at once; 'trực tiếp' means in person, as every visitor is
    for (const k of ['key.walkIn', 'tui.walkInTitle', 'ok.walkIn', 'fig.walkIns', 'cli.cmd.walkIn'] as const) expect(vi[k], k).not.toMatch(/trực tiếp/i);
    // one term for help without a dossier, in the key bar as in the reports
    for (const k of ['key.assist', 'fig.help', 'tui.assistTitle', 'cli.cmd.assist'] as const) expect(vi[k].toLowerCase(), k).toContain('hỗ trợ không có hồ sơ');
    // fees: 'phí, lệ phí' on the slip; the province's rate said as such, never as free
    expect(vi['slip.fee']).toBe('Phí, lệ phí');
    expect(vi['fee.province']).toBe('theo mức do HĐND tỉnh quy định');
    // the slip's queue ticket is not the register's 'Số thứ tự'
    expect(vi['slip.ticket']).not.toBe('Số thứ tự');
    // the call-out in the counters' phrasing
    expect(vi['board.announce']).toMatch(/^Xin mời công dân có số thứ tự \{ticket\} đến quầy số \{counter\}\.$/);
    expect(vi['board.announceRecall']).toMatch(/^Xin nhắc lại: /);
    // the loudspeaker's polite form, 'thông báo' once
    expect(vi['sched.speech']).toMatch(/^Kính thưa bà con! .* Xin trân trọng thông báo!$/);
    expect(vi['sched.speech'].match(/thông báo/gi)).toHaveLength(1);
  });

  it('tables are headed in words: no TV, PV, P90, ph, md to explain in a legend (vi and en)', () => {
    const abbreviation = /(^|[\s|(\n])(TV|PV|P90|ph|md|Med\.|Serv|m)(?=$|[\s|).,:;\n])/;
    for (const k of ['fig.col', 'rp.colCounters', 'centre.report.cols', 'fig.legend', 'centre.report.legend'] as const)
      for (const [lang, cat] of [['vi', vi], ['en', en]] as const) expect(cat[k], `${lang} ${k}`).not.toMatch(abbreviation);
    // the pattern does catch what the tables said before
    expect('Cấp|Xong|Vắng|Còn|Chờ TV|P90|PV TV|P90').toMatch(abbreviation);
    expect('Issued|Done|Absent|Left|Wait md|P90|Serv md|P90').toMatch(abbreviation);
    expect('22ph'.replace(/\d+/, ' ')).toMatch(abbreviation);
  });

  it('the English catalogue: one term per concept, the same state names on screen as on the forms', () => {
    const faults: [RegExp, string][] = [
      [/\bset aside\b/i, 'a parked ticket is “parked” (key P)'],
      [/\babsent\b/i, 'a ticket not answering its call is a “no-show” (key X)'],
      [/operations log/i, 'the audit log (the command is “audit”)'],
      [/dd\/mm\/yyyy/, 'dates are written “day/month/year”'],
      [/public services\b/i, 'the service is “Mobile public service”, one name'],
      [/Exempt \/ none/, 'the payment is “nothing to pay”'],
    ];
    const found = Object.entries(en).flatMap(([k, v]) => faults.filter(([re]) => re.test(v.replace(/\{\w+\}/g, ''))).map(([, why]) => `${k}: ${why}`));
    expect(found).toEqual([]);
    for (const s of ['received', 'handed_over', 'processing', 'supplement_requested', 'result_ready', 'returned', 'refused', 'cancelled'] as const)
      expect(en[`dossier.${s}`], s).toBe(en[`form.state.${s}`]);
    expect(en['app.name']).toBe('Mobile public service');
  });

  it('data texts fit the receipt dialog (76 columns at 80x24)', () => {
    const procs = (data('procedures.json') as { procedures: { code: string; documents: { name: { vi: string } }[]; feeNote: { vi: string } | null }[] }).procedures;
    // a document row is '>[x] 12. ' + name + ' (bản chính, 01 bản) *', wrapped under the name when long:
    // 55 letters keep most rows on one line
    const long = procs.flatMap((p) => p.documents.map((d) => d.name.vi).filter((n) => n.length > 55).map((n) => `${p.code}: ${n}`));
    expect(long).toEqual([]);
    const notes = procs.flatMap((p) => (p.feeNote && p.feeNote.vi.length > 76 ? [`${p.code}: ${p.feeNote.vi}`] : []));
    expect(notes).toEqual([]);
  });
});
