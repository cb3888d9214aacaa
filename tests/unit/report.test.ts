// Trip and day reports (src/core/report.ts, src/app/report.ts): a day combined from its trips'
// records (percentiles over all of its tickets), CSV as Excel opens it, the bar chart and the tables
// within the width of the screen and of receipt paper.
import { describe, expect, it } from 'vitest';
import { figuresLines } from '../../src/app/present.js';
import { reportCsvRecords, reportView, viewLines } from '../../src/app/report.js';
import type { Dossier } from '../../src/core/dossier.js';
import type { HelpService } from '../../src/core/office.js';
import { QueueState } from '../../src/core/queue/state.js';
import {
  ASCII_BARS,
  BLOCK_BARS,
  barChart,
  barGlyphs,
  buildReport,
  cols,
  hourSeries,
  scheduleHours,
  tableLines,
  toCsv,
  type TripRecords,
} from '../../src/core/report.js';
import type { Trip } from '../../src/core/trip.js';
import { translator } from '../../src/i18n/index.js';
import { readCsv } from '../helpers/csv-read.js';
import { C1, C2, C3, GROUPS, MIN, Sim, T0 } from './queue-sim.js';

const HELP: HelpService[] = [
  { code: 'vneid', key: '1', name: { vi: 'Kích hoạt định danh điện tử VNeID', en: 'VNeID e-identity activation' } },
  { code: 'sim', key: '3', name: { vi: 'Thuê bao di động (SIM chính chủ)', en: 'SIM card (registered to the owner)' } },
];
const CODES = GROUPS.map((g) => g.code);
const DATA = { groups: GROUPS, helpServices: HELP };
const LONG_NAME = 'Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi (liên thông)';

function trip(id: number, start: string, end: string): Trip {
  return {
    id,
    commune: 'Xã Mỹ Đức, Hà Nội',
    place: `Nhà văn hóa thôn "Đồi Dùng" ${id}`,
    date: '2026-11-23',
    start,
    end,
    operators: ['Lan'],
    counters: [C1, C2, C3],
    openedAt: T0,
    closedAt: null,
  };
}

function dossier(id: number, ticketId: number | null, receivedAt: number, field: Dossier['field'], name: string, state: Dossier['state'] = 'received'): Dossier {
  return {
    id,
    code: `000.00.20.H26-261123-000${id}`,
    agency: '000.00.20.H26',
    seq: id,
    register: { book: '01/2026', no: id },
    dueTime: '07:50',
    phone: null,
    email: null,
    subject: null,
    feeDetail: { type: 'phi', rule: 'fixed', units: 1, pages: null, perCopyVnd: null, capped: false, channel: null, expectedVnd: 8000, override: false, exemption: null },
    tripId: null,
    ticketId,
    ticketLabel: null,
    vietqr: null,
    receivedAt,
    state,
    stateAt: receivedAt,
    resultOn: null,
    paidAt: null,
    paidRef: null,
    operator: 'Lan',
    citizenId: '001152012345',
    citizenName: 'Nguyễn Thị Hường',
    procedureKey: `p-${field}`,
    procedureCode: null,
    procedureName: { vi: name, en: name },
    field,
    group: 'civil',
    processingDays: 3,
    documents: [],
    feeVnd: 8000,
    payment: 'cash',
    returnMethod: 'next_visit',
    postalAddress: null,
    postalFeeVnd: 0,
    receivedOn: '2026-11-23',
    receivedTime: '07:50',
    dueDate: '2026-11-26',
    note: null,
  };
}

/** Morning, 07:30 on: waits 10, 10, 26, 15 min; services 10, 12, 6, 28 min (as in figures.test.ts). */
function morning(): TripRecords {
  const sim = new Sim();
  sim.at(0).issue('civil'); // A001 (id 1)
  sim.at(5).issue('civil', 'elderly'); // A002
  sim.at(10).issue('land'); // B001
  sim.at(15).call(C1);
  sim.at(16).start(C1);
  sim.at(20).call(C2);
  sim.at(22).start(C2);
  sim.at(26).finish(C1);
  sim.at(26).call(C1); // A001
  sim.at(28).start(C1);
  sim.at(35).issue('civil');
  sim.at(40).finish(C1);
  sim.at(40).walkIn(C3, 'digital');
  sim.at(46).finish(C3);
  sim.at(50).issue('land');
  sim.at(50).finish(C2);
  sim.at(50).call(C1);
  sim.at(55).noShow(C1);
  return {
    trip: trip(1, '07:30', '11:30'),
    queue: sim.state,
    // received 5 minutes into A001's service (started at 28)
    dossiers: [dossier(1, 1, T0 + 33 * MIN, 'civil', LONG_NAME), dossier(3, null, T0 + 34 * MIN, 'civil', LONG_NAME, 'cancelled')],
    help: new Map([['vneid', 2]]),
    ratings: new Map([
      [5, 2],
      [4, 1],
    ]),
  };
}

/** Afternoon, 13:30 on, ticket ids from 101 as the store would give them: waits 40, 48; services 9, 19. */
function afternoon(): TripRecords {
  const sim = new Sim();
  sim.at(360).issue('civil');
  sim.at(362).issue('civil');
  sim.at(400).call(C1);
  sim.at(401).start(C1);
  sim.at(410).finish(C1);
  sim.at(410).call(C1);
  sim.at(411).start(C1);
  sim.at(430).finish(C1);
  const queue = QueueState.from(sim.log.map((e) => ({ ...e, ticketId: e.ticketId + 100 })));
  return {
    trip: trip(2, '13:30', '16:30'),
    queue,
    // received 4 minutes into the first ticket's service (started at 401)
    dossiers: [dossier(2, 101, T0 + 405 * MIN, 'land', 'Đăng ký biến động đất đai')],
    help: new Map([
      ['vneid', 1],
      ['sim', 3],
    ]),
    ratings: new Map([
      [3, 1],
      [5, 1],
    ]),
  };
}

const spread = (n: number, medianMin: number, p90Min: number) => ({ n, medianMs: medianMin * MIN, p90Ms: p90Min * MIN });

describe('a day combined from its trips', () => {
  const day = buildReport('day', '2026-11-23', [morning(), afternoon()], CODES, HELP);

  it('takes the median and the 90th percentile over all the tickets of the day, not an average of the trips', () => {
    // waits 10, 10, 15, 26, 40, 48: median (15 + 26) / 2; P90 by nearest rank, the 6th of 6
    expect(day.queue.wait).toEqual(spread(6, 20.5, 48));
    // per trip the medians are 12.5 and 44: their mean (28.25) is not the day's median
    expect(buildReport('trip', '2026-11-23', [morning()], CODES, HELP).queue.wait.medianMs).toBe(12.5 * MIN);
    expect(buildReport('trip', '2026-11-23', [afternoon()], CODES, HELP).queue.wait.medianMs).toBe(44 * MIN);
    // services 6, 9, 10, 12, 19, 28
    expect(day.queue.service).toEqual(spread(6, 11, 28));
    expect(day.queue.byGroup.find((g) => g.group === 'civil')).toMatchObject({ issued: 5, served: 4, noShows: 1, wait: spread(5, 26, 48) });
    expect(day.queue.byCounter.find((c) => c.counter === 1)).toMatchObject({ served: 4, service: spread(4, 11, 19) });
  });

  it('sums the counts, the help and the ratings, and takes the receipt times over both trips', () => {
    expect(day.queue).toMatchObject({ issued: 8, served: 6, noShows: 1, waiting: 1, walkIns: 1, priority: 1 });
    expect(day.trips.map((t) => t.id)).toEqual([1, 2]);
    expect(day.dossiers).toMatchObject({ dossiers: 2, feesVnd: 16000, helpTotal: 6 });
    expect(day.dossiers.help).toEqual([
      { code: 'vneid', n: 3 },
      { code: 'sim', n: 3 },
    ]);
    expect(day.dossiers.ratings).toEqual({ n: 5, mean: 4.4, counts: [0, 0, 1, 1, 3] });
    expect(day.dossiers.receipt).toEqual({ n: 2, medianMs: 4.5 * MIN, p90Ms: 5 * MIN });
  });

  it('counts dossiers by field, every field of the catalogue in its order, cancelled ones left out', () => {
    expect(day.dossiers.byField.slice(0, 3)).toEqual([
      { field: 'civil', n: 1 },
      { field: 'certification', n: 0 },
      { field: 'residence', n: 0 },
    ]);
    expect(day.dossiers.byField.find((f) => f.field === 'land')).toEqual({ field: 'land', n: 1 });
    expect(day.dossiers.byField.reduce((a, f) => a + f.n, 0)).toBe(2);
  });

  it('shows arrivals for every hour from the first scheduled or arrival hour to the last, quiet ones as 0', () => {
    expect(day.arrivals).toEqual([7, 8, 9, 10, 11, 12, 13, 14, 15, 16].map((hour) => ({ hour, count: hour === 7 || hour === 8 ? 3 : hour === 13 ? 2 : 0 })));
    expect(scheduleHours({ start: '07:30', end: '11:30' })).toEqual([7, 8, 9, 10, 11]);
    expect(scheduleHours({ start: '07:00', end: '11:00' })).toEqual([7, 8, 9, 10]);
    expect(hourSeries([], [])).toEqual([]);
    expect(hourSeries([{ hour: 9, count: 4 }], [7])).toEqual([
      { hour: 7, count: 0 },
      { hour: 8, count: 0 },
      { hour: 9, count: 4 },
    ]);
  });

  it('refuses records where one ticket belongs to two trips (ids are unique in the store)', () => {
    expect(() => buildReport('day', '2026-11-23', [morning(), morning()], CODES, HELP)).toThrow(/two trips/);
  });
});

describe('CSV', () => {
  it('quotes Vietnamese text with commas, quotes and line breaks, starts with a BOM and ends every record in CRLF', () => {
    const csv = toCsv([
      ['section', 'key', 'label', 'value'],
      ['trip', '1', 'Nhà văn hóa thôn "Đồi Dùng", Xã Mỹ Đức', '07:30–11:30'],
      ['note', 'x', 'hai\ndòng', null],
      ['queue', 'wait_median_min', 'Thời gian chờ – trung vị (phút)', 20.5],
    ]);
    expect(csv).toBe(
      '\uFEFFsection,key,label,value\r\n' +
        'trip,1,"Nhà văn hóa thôn ""Đồi Dùng"", Xã Mỹ Đức",07:30–11:30\r\n' +
        'note,x,"hai\ndòng",\r\n' +
        'queue,wait_median_min,Thời gian chờ – trung vị (phút),20.5\r\n',
    );
    expect(readCsv(csv.slice(1))[2]).toEqual(['note', 'x', 'hai\ndòng', '']);
  });

  it('the report as long-format records that read back: section, key, label, value', () => {
    const day = buildReport('day', '2026-11-23', [morning(), afternoon()], CODES, HELP);
    const rows = readCsv(toCsv(reportCsvRecords(translator('vi'), 'vi', day, DATA)).slice(1));
    expect(rows[0]).toEqual(['section', 'key', 'label', 'value']);
    for (const r of rows) expect(r).toHaveLength(4);
    const value = (section: string, key: string) => rows.find((r) => r[0] === section && r[1] === key)?.[3];
    const label = (section: string, key: string) => rows.find((r) => r[0] === section && r[1] === key)?.[2];
    expect(value('report', 'scope')).toBe('ngày');
    expect(label('trip', '1')).toBe('Nhà văn hóa thôn "Đồi Dùng" 1, Xã Mỹ Đức, Hà Nội');
    expect(value('queue', 'issued')).toBe('8');
    expect(value('queue', 'wait_median_min')).toBe('20.5');
    expect(value('queue', 'wait_p90_min')).toBe('48');
    expect(label('queue', 'wait_median_min')).toBe('Thời gian chờ – trung vị (phút)');
    expect(value('group', 'civil.issued')).toBe('5');
    expect(label('group', 'civil.issued')).toBe('A Hộ tịch – Đã cấp');
    expect(value('group', 'digital.wait_median_min')).toBe(''); // a walk-in waited in no line
    expect(value('counter', '1.service_p90_min')).toBe('19');
    expect(value('arrivals', '13')).toBe('2');
    expect(value('arrivals', '12')).toBe('0');
    expect(label('procedure', 'p-civil')).toBe(LONG_NAME);
    expect(value('field', 'land')).toBe('1');
    expect(label('field', 'land')).toBe('Đất đai');
    expect(value('payment', 'cash.vnd')).toBe('16000');
    expect(value('help', 'sim')).toBe('3');
    expect(value('help', 'total')).toBe('6');
    expect(value('rating', 'mean')).toBe('4.4');
    expect(value('rating', 'score_5')).toBe('3');
    expect(value('dossier', 'receipt_median_min')).toBe('4.5');
  });
});

describe('bar chart', () => {
  const rows = [
    { label: '07h', value: 10 },
    { label: '08h', value: 5 },
    { label: '09h', value: 0 },
    { label: '10h', value: 1 },
  ];

  it('scales the largest value to the whole room, in half cells, and draws nothing for zero', () => {
    // room: 30 - indent 2 - label 3 - 2 spaces - value 2 = 21 cells
    expect(barChart(rows, 30, BLOCK_BARS)).toEqual([
      `  07h ${'█'.repeat(21)} 10`,
      `  08h ${'█'.repeat(10)}▌ 5`,
      '  09h 0',
      '  10h ██ 1',
    ]);
  });

  it('draws whole cells of # in ASCII', () => {
    expect(barChart(rows, 30, ASCII_BARS)).toEqual([`  07h ${'#'.repeat(21)} 10`, `  08h ${'#'.repeat(11)} 5`, '  09h 0', '  10h ## 1']);
  });

  it('shows the smallest mark for a value far below the largest; all zeros draw no bar', () => {
    const tiny = barChart([{ label: 'a', value: 1000 }, { label: 'b', value: 1 }], 40, BLOCK_BARS);
    expect(tiny[1]).toBe('  b ▌ 1');
    expect(barChart([{ label: 'a', value: 1000 }, { label: 'b', value: 1 }], 40, ASCII_BARS)[1]).toBe('  b # 1');
    expect(barChart([{ label: 'a', value: 0 }], 40, BLOCK_BARS)).toEqual(['  a 0']);
    for (const w of [20, 40, 80]) for (const l of barChart(rows, w, BLOCK_BARS)) expect(cols(l)).toBeLessThanOrEqual(w);
  });

  it('uses ASCII with LUUDONG_ASCII=1 and on the Linux console, blocks elsewhere', () => {
    expect(barGlyphs({ LUUDONG_ASCII: '1', TERM: 'xterm-256color' })).toBe(ASCII_BARS);
    expect(barGlyphs({ TERM: 'linux' })).toBe(ASCII_BARS);
    expect(barGlyphs({ TERM: 'xterm-256color' })).toBe(BLOCK_BARS);
    expect(barGlyphs({ LUUDONG_ASCII: '0', TERM: 'screen' })).toBe(BLOCK_BARS);
    expect(barGlyphs({})).toBe(BLOCK_BARS);
  });
});

describe('report text', () => {
  const day = buildReport('day', '2026-11-23', [morning(), afternoon()], CODES, HELP);

  it('fits the width of the screen (80) and of receipt paper (48, 32), in both languages', () => {
    for (const lang of ['vi', 'en'] as const) {
      for (const width of [80, 48, 32]) {
        const t = translator(lang);
        const view = reportView(t, lang, day, DATA, { width, glyphs: BLOCK_BARS, indent: width === 80 ? 2 : 0 });
        for (const l of viewLines(view)) expect(cols(l), `${lang} ${width}: ${l}`).toBeLessThanOrEqual(width);
        // a long procedure name is wrapped under itself, never cut: read back without the counts
        const procedures = view.sections.find((s) => s.title === t('rp.secProcedures'))?.lines.slice(1) ?? [];
        expect(procedures.map((l) => l.replace(/\s+\d+$/, '').trim()).join(' ')).toContain(LONG_NAME);
      }
    }
  });

  it('has every section: groups, counters, arrivals, dossiers by procedure and by field, fees, help, satisfaction', () => {
    const v = reportView(translator('vi'), 'vi', day, DATA, { width: 80, glyphs: ASCII_BARS, indent: 2 });
    expect(v.heading[0]).toBe('BÁO CÁO NGÀY 23/11/2026 – số chuyến: 2');
    expect(v.sections.map((s) => s.title)).toEqual([
      'Lượt theo nhóm dịch vụ',
      'Theo quầy',
      'Lượt đến theo giờ',
      'Hồ sơ',
      'Hồ sơ theo thủ tục',
      'Hồ sơ theo lĩnh vực',
      'Nộp phí',
      'Hỗ trợ không có hồ sơ',
      'Mức độ hài lòng',
    ]);
    const section = (title: string) => v.sections.find((s) => s.title === title)?.lines ?? [];
    // civil: waits 10, 15, 26, 40, 48 and services 9, 10, 12, 19 over both trips; digital: a walk-in only
    // headed in words on two lines (issue 19: no TV, PV, P90, ph); the service times in a second table
    expect(section('Lượt theo nhóm dịch vụ').slice(0, 14)).toEqual([
      '                Đã       Đã  Vắng  Đang       Chờ         Chờ',
      '  Nhóm         cấp  phục vụ   mặt   chờ  trung vị  phân vị 90',
      '  A Hộ tịch      5        4     1     0   26 phút     48 phút',
      '  B Đất đai      2        1     0     1   10 phút     10 phút',
      '  H Hỗ trợ số    1        1     0     0         –           –',
      '  Tổng cộng      8        6     1     1   21 phút     48 phút',
      '',
      '                Phục vụ     Phục vụ',
      '  Nhóm         trung vị  phân vị 90',
      '  A Hộ tịch     11 phút     19 phút',
      '  B Đất đai     28 phút     28 phút',
      '  H Hỗ trợ số    6 phút      6 phút',
      '  Tổng cộng     11 phút     28 phút',
      '  Ưu tiên: 1; Phục vụ ngay: 1.',
    ]);
    expect(section('Hồ sơ theo lĩnh vực')).toEqual(['  Lĩnh vực  Số hồ sơ', '  Hộ tịch          1', '  Đất đai          1']);
    expect(section('Lượt đến theo giờ')).toHaveLength(10);
    expect(section('Lượt đến theo giờ')[5]).toBe('  12h 0');
    expect(section('Mức độ hài lòng')[0]).toBe('  Điểm trung bình 4,4/5 (5 lượt đánh giá)');
  });

  it('heads a column on two lines, each line at the foot of the heading, an empty upper line left out', () => {
    const rows = [['A Hộ tịch', '12', '9 phút']];
    expect(tableLines(['Nhóm', 'Đã\ncấp', 'Chờ\ntrung vị'], rows, 80)).toEqual([
      '              Đã       Chờ',
      '  Nhóm       cấp  trung vị',
      '  A Hộ tịch   12    9 phút',
    ]);
    // split on narrow paper: the part with one-line headings has no empty line above them
    expect(tableLines(['Nhóm', 'Số', 'Chờ\ntrung vị'], rows, 20, { indent: 0 })).toEqual(['Nhóm       Số', 'A Hộ tịch  12', '', '                Chờ', 'Nhóm       trung vị', 'A Hộ tịch    9 phút']);
  });

  it('splits a wide table between runs of columns on narrow paper, names repeated', () => {
    const head = ['Nhóm', 'Cấp', 'Xong', 'Vắng', 'Còn', 'Chờ TV', 'P90', 'PV TV', 'P90'];
    const row = ['A Hộ tịch', '12', '10', '1', '1', '9ph', '20ph', '6ph', '11ph'];
    expect(tableLines(head, [row], 80, { runs: [4, 2, 2] })).toHaveLength(2);
    const narrow = tableLines(head, [row], 32, { indent: 0, runs: [4, 2, 2] });
    expect(narrow).toEqual([
      'Nhóm       Cấp  Xong  Vắng  Còn',
      'A Hộ tịch   12    10     1    1',
      '',
      'Nhóm       Chờ TV   P90',
      'A Hộ tịch     9ph  20ph',
      '',
      'Nhóm       PV TV   P90',
      'A Hộ tịch    6ph  11ph',
    ]);
  });
});

describe('the figures dialog (TUI) and queue stats', () => {
  it('draws arrivals per hour with the quiet hours in, within the width, in ASCII when asked', () => {
    const f = buildReport('day', '2026-11-23', [morning(), afternoon()], CODES, HELP).queue;
    const lines = figuresLines(translator('vi'), 'vi', f, GROUPS, 40, ASCII_BARS);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(40);
    const from = lines.indexOf('Lượt đến theo giờ:');
    // 07h to 13h, the hours between without arrivals as 0
    expect(lines.slice(from + 1)).toEqual([
      `  07h ${'#'.repeat(32)} 3`,
      `  08h ${'#'.repeat(32)} 3`,
      '  09h 0',
      '  10h 0',
      '  11h 0',
      '  12h 0',
      `  13h ${'#'.repeat(21)} 2`,
    ]);
    expect(lines.join('\n')).not.toMatch(/[█▌]/);
  });
});

describe('the report’s shapes at their edges', () => {
  const quiet = (id: number, counters: Trip['counters']): TripRecords => ({
    trip: { ...trip(id, '07:30', '09:00'), counters },
    queue: { tickets: new Map(), spans: [] },
    dossiers: [],
    help: new Map(),
    ratings: new Map(),
  });

  it('lists the counters of all the trips by number, each once, a counter that served nobody included', () => {
    const r = buildReport('day', '2026-11-23', [quiet(1, [C3, C1]), quiet(2, [C2, C1])], CODES, HELP);
    expect(r.queue.byCounter.map((c) => [c.counter, c.served])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
    ]);
  });

  it('a bar chart of nothing is no line; labels are padded to the longest', () => {
    expect(barChart([], 40, BLOCK_BARS)).toEqual([]);
    // room: 20 - indent 2 - label 3 - 2 spaces - value 1 = 12 cells
    expect(barChart([{ label: 'a', value: 2 }, { label: 'bbb', value: 1 }], 20, ASCII_BARS)).toEqual(['  a   ############ 2', '  bbb ###### 1']);
  });

  it('a table of nothing is no line; without a header it is names and values alone', () => {
    expect(tableLines(null, [], 40)).toEqual([]);
    expect(tableLines([], [], 40)).toEqual([]);
    expect(tableLines(null, [['Hộ tịch', '12'], ['Đất đai', '3']], 40)).toEqual(['  Hộ tịch  12', '  Đất đai   3']);
  });

  it('a short row has empty cells, an empty row is a blank line, a row of a name alone shows the name', () => {
    expect(tableLines(['Nhóm', 'Số', 'Chờ'], [[], ['A', '1', '5'], ['B', '2'], ['C', '', '']], 40)).toEqual(['  Nhóm  Số  Chờ', '', '  A      1    5', '  B      2', '  C']);
    // the heading's foot line stays even when it is blank: the table keeps its shape
    expect(tableLines(['', ''], [['A', '1']], 40)).toEqual(['', '  A  1']);
  });

  it('leaves out an upper heading line only when it has nothing over the part’s columns', () => {
    expect(tableLines(['Nhóm', 'Đã\ncấp', 'Số'], [['A', '1', '2']], 40)).toEqual(['         Đã', '  Nhóm  cấp  Số', '  A       1   2']);
  });

  it('runs longer than the columns are cut to them; columns after the last run make a run of their own', () => {
    const want = ['  N  a  b', '  x  1  2'];
    expect(tableLines(['N', 'a', 'b'], [['x', '1', '2']], 40, { runs: [5] })).toEqual(want);
    expect(tableLines(['N', 'a', 'b'], [['x', '1', '2']], 40, { runs: [1] })).toEqual(want);
    expect(tableLines(['N', 'a', 'b', 'c'], [['x', '1', '2', '3']], 40, { runs: [1] })).toEqual(['  N  a  b  c', '  x  1  2  3']);
  });

  it('a part fills the width exactly; a run that fits exactly moves whole to the next part', () => {
    // names 1 column, no indent: 7 columns leave 6 for "  a  b"
    expect(tableLines(['N', 'a', 'b'], [['x', '1', '2']], 7, { indent: 0, runs: [1, 1] })).toEqual(['N  a  b', 'x  1  2']);
    expect(tableLines(['N', 'a', 'b'], [['x', '1', '2']], 6, { indent: 0, runs: [1, 1] })).toEqual(['N  a', 'x  1', '', 'N  b', 'x  2']);
    // 9 columns leave 8: the run "  bb  cc" fits alone, not beside "  a"
    expect(tableLines(['N', 'a', 'bb', 'cc'], [['x', '1', '2', '3']], 9, { indent: 0, runs: [1, 2] })).toEqual(['N  a', 'x  1', '', 'N  bb  cc', 'x   2   3']);
  });

  it('a column wider than the room still goes in the first part, and no empty part follows', () => {
    expect(tableLines(['N', 'wide-heading'], [['x', '1']], 5, { indent: 0 })).toEqual(['N  wide-heading', 'x             1']);
  });

  it('a long name wraps under itself, indented as the table', () => {
    expect(tableLines(['Nhóm', 'Số'], [['Đăng ký khai sinh', '3']], 16)).toEqual(['  Nhóm        Số', '  Đăng ký      3', '  khai sinh']);
  });
});
