import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIG_HEIGHT, bigText, bigTextWidth } from '../../src/core/bigtext.js';
import { checkPriorityCategories, checkQueueRules, checkServiceGroups, type ServiceGroup } from '../../src/core/config.js';
import { cleanText, compareVi, fold, nfc } from '../../src/core/text.js';
import { displayDate, hhmm, isHhmm, isIsoDate, localDate, minutes } from '../../src/core/time.js';
import { checkTrip, formatCounterSpec, parseCounterSpec, type TripInput } from '../../src/core/trip.js';
import { decodeKey, pasteKey, splitKeys, type Key } from '../../src/ui/keys/keys.js';
import { keyLabel, keyMatches } from '../../src/ui/bindings.js';
import { MAIN_BINDINGS } from '../../src/ui/screens/main.js';
import { domainCode } from './queue-sim.js';
import { dataError } from '../helpers/refusal.js';

const dataFile = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8'));
const GROUPS: ServiceGroup[] = checkServiceGroups(dataFile('service-groups.json'));
const ALL_CODES = GROUPS.map((g) => g.code);

describe('text', () => {
  it('folds Vietnamese for search', () => {
    expect(fold('Đồi Dùng')).toBe('doi dung');
    expect(fold('Nguyễn Thị Ánh Tuyết')).toBe('nguyen thi anh tuyet');
    expect(fold('đường ĐỒNG')).toBe('duong dong');
    expect(fold('Hòa Bình')).toBe(fold('Hoà Bình')); // old and new tone placement
  });

  it('folds NFD input the same as NFC input', () => {
    const nfd = 'Đồi Dùng'.normalize('NFD');
    expect(nfd).not.toBe('Đồi Dùng');
    expect(fold(nfd)).toBe('doi dung');
  });

  it('nfc normalises and strips a leading BOM only', () => {
    const raw = '\uFEFF' + 'Nguyễn Văn Đức'.normalize('NFD');
    expect(nfc(raw)).toBe('Nguyễn Văn Đức'.normalize('NFC'));
    expect(nfc(raw).charCodeAt(0)).toBe('N'.charCodeAt(0));
    expect(nfc('a\uFEFFb')).toBe('a\uFEFFb');
    expect(nfc('Đồi')).toBe('Đồi');
  });

  it('cleanText trims and collapses whitespace after NFC', () => {
    expect(cleanText('  Nguyễn \t  Thị\nLan  ')).toBe('Nguyễn Thị Lan');
    expect(cleanText('\uFEFF  Đồi Dùng '.normalize('NFD'))).toBe('Đồi Dùng');
    expect(cleanText('   ')).toBe('');
  });

  it('compareVi sorts the Vietnamese alphabet (A Ă Â B ... D Đ E)', () => {
    const names = ['Bình', 'Ăn', 'Em', 'Đức', 'An', 'Dũng', 'Âu'];
    expect([...names].sort(compareVi)).toEqual(['An', 'Ăn', 'Âu', 'Bình', 'Dũng', 'Đức', 'Em']);
    expect(compareVi('Đồi', 'Đồi'.normalize('NFD'))).toBe(0);
    expect(compareVi('An', 'Bình')).toBeLessThan(0);
    expect(compareVi('Em', 'Đức')).toBeGreaterThan(0);
  });
});

describe('time', () => {
  it('isIsoDate checks the calendar', () => {
    expect(isIsoDate('2026-11-23')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('23/11/2026')).toBe(false);
    expect(isIsoDate(' 2026-11-23')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });

  it('isHhmm checks HH:MM', () => {
    expect(isHhmm('07:30')).toBe(true);
    expect(isHhmm('00:00')).toBe(true);
    expect(isHhmm('23:59')).toBe(true);
    expect(isHhmm('24:00')).toBe(false);
    expect(isHhmm('12:60')).toBe(false);
    expect(isHhmm('7:30')).toBe(false);
    expect(isHhmm('07:30:00')).toBe(false);
    expect(isHhmm('0730')).toBe(false);
  });

  it('formats local times and dates (TZ Asia/Ho_Chi_Minh)', () => {
    const t = Date.UTC(2026, 10, 22, 17, 5); // 00:05 on the 23rd in Vietnam
    expect(hhmm(t)).toBe('00:05');
    expect(localDate(t)).toBe('2026-11-23');
    expect(displayDate('2026-11-23')).toBe('23/11/2026');
    expect(displayDate('not a date')).toBe('not a date');
    expect(minutes(90_000)).toBe(2);
    expect(minutes(29_999)).toBe(0);
    expect(minutes(45 * 60_000)).toBe(45);
  });
});

describe('trip: counter spec', () => {
  it('parses "1=A,B" by prefix', () => {
    expect(parseCounterSpec('1=A,B', GROUPS)).toEqual({ no: 1, groups: ['civil', 'land'] });
  });

  it('parses "2=*" as all groups, and a bare number too', () => {
    expect(parseCounterSpec('2=*', GROUPS)).toEqual({ no: 2, groups: ALL_CODES });
    expect(parseCounterSpec('4', GROUPS)).toEqual({ no: 4, groups: ALL_CODES });
  });

  it('parses "3:civil,land" by code, with spaces and mixed case, without duplicates', () => {
    expect(parseCounterSpec('3:civil,land', GROUPS)).toEqual({ no: 3, groups: ['civil', 'land'] });
    expect(parseCounterSpec(' 12 = a  h,Civil ', GROUPS)).toEqual({ no: 12, groups: ['civil', 'digital'] });
    expect(parseCounterSpec('1=A,civil,a', GROUPS)).toEqual({ no: 1, groups: ['civil'] });
  });

  it('refuses specs that are not in the right form', () => {
    for (const spec of ['', 'x=A', '=A', '0=A', '100=A', '1=', '1=,', ' 1 = , ', 'A=1', '-1=A', '1;A']) {
      expect({ spec, ...domainCode(() => parseCounterSpec(spec, GROUPS)) }).toEqual({ spec, code: 'err.counterSpec', params: { spec } });
    }
  });

  it('refuses unknown groups, naming them', () => {
    expect(domainCode(() => parseCounterSpec('1=A,Q', GROUPS))).toEqual({ code: 'err.unknownGroup', params: { group: 'Q' } });
    expect(domainCode(() => parseCounterSpec('2:civil,space', GROUPS))).toEqual({ code: 'err.unknownGroup', params: { group: 'space' } });
  });

  it('formats a counter back to a spec', () => {
    expect(formatCounterSpec({ no: 2, groups: ALL_CODES }, GROUPS)).toBe('2=*');
    expect(formatCounterSpec({ no: 1, groups: ['civil', 'land'] }, GROUPS)).toBe('1=A,B');
    const c = parseCounterSpec('3=H,K', GROUPS);
    expect(parseCounterSpec(formatCounterSpec(c, GROUPS), GROUPS)).toEqual(c);
  });
});

describe('trip: checkTrip', () => {
  const good: TripInput = {
    commune: '  Xã   Mỹ Đức ',
    place: 'Nhà văn hóa thôn Đồi Dùng'.normalize('NFD'),
    date: '2026-11-23',
    start: '07:30',
    end: '11:30',
    operators: [' Nguyễn Thị Lan ', '', '  '],
    counters: [
      { no: 2, groups: ['land'] },
      { no: 1, groups: ['civil'] },
    ],
  };

  it('cleans a good trip and sorts the counters', () => {
    const t = checkTrip(good);
    expect(t).toEqual({
      commune: 'Xã Mỹ Đức',
      place: 'Nhà văn hóa thôn Đồi Dùng',
      date: '2026-11-23',
      start: '07:30',
      end: '11:30',
      operators: ['Nguyễn Thị Lan'],
      counters: [
        { no: 1, groups: ['civil'] },
        { no: 2, groups: ['land'] },
      ],
    });
    expect(good.counters[0]!.no).toBe(2); // input not changed
  });

  const cases: [string, Partial<TripInput>, string, Record<string, string | number>][] = [
    ['no commune', { commune: '  ' }, 'err.tripCommune', {}],
    ['no place', { place: '' }, 'err.tripPlace', {}],
    ['impossible date', { date: '2026-02-30' }, 'err.tripDate', { value: '2026-02-30' }],
    ['bad start', { start: '7:30' }, 'err.tripTime', { value: '7:30' }],
    ['bad end', { end: '24:00' }, 'err.tripTime', { value: '24:00' }],
    ['end before start', { start: '11:30', end: '07:30' }, 'err.tripHours', { start: '11:30', end: '07:30' }],
    ['end equals start', { start: '07:30', end: '07:30' }, 'err.tripHours', { start: '07:30', end: '07:30' }],
    ['no operators', { operators: [' ', ''] }, 'err.tripOperators', {}],
    ['no counters', { counters: [] }, 'err.tripCounters', {}],
    [
      'duplicate counter',
      {
        counters: [
          { no: 1, groups: ['civil'] },
          { no: 1, groups: ['land'] },
        ],
      },
      'err.counterDuplicate',
      { counter: 1 },
    ],
  ];
  it.each(cases)('refuses %s', (_name, change, code, params) => {
    expect(domainCode(() => checkTrip({ ...good, ...change }))).toEqual({ code, params });
  });
});

describe('config checkers', () => {
  it('accept the shipped data files', () => {
    expect(GROUPS.length).toBeGreaterThan(0);
    expect(GROUPS.find((g) => g.code === 'civil')).toEqual({ code: 'civil', prefix: 'A', name: { vi: 'Hộ tịch', en: 'Civil status' }, topic: { vi: 'hộ tịch', en: 'civil status' }, defaultServiceMinutes: 8 });
    const cats = checkPriorityCategories(dataFile('priority-categories.json'));
    expect(cats.map((c) => c.code)).toContain('elderly');
    expect(new Set(cats.map((c) => c.key)).size).toBe(cats.length);
    expect(checkQueueRules(dataFile('queue-rules.json'))).toEqual({ maxPriorityInARow: 2, noShowReturnMinutes: 30, recentServiceCount: 10, ticketDigits: 3 });
  });

  it('normalises names to NFC', () => {
    const g = checkServiceGroups({ groups: [{ code: 'civil', prefix: 'A', name: { vi: 'Hộ tịch'.normalize('NFD'), en: 'Civil' }, defaultServiceMinutes: 5 }] });
    expect(g[0]!.name.vi).toBe('Hộ tịch'.normalize('NFC'));
  });

  const groupsWith = (change: (gs: Record<string, unknown>[]) => void) => {
    const json = dataFile('service-groups.json') as { groups: Record<string, unknown>[] };
    change(json.groups);
    return json;
  };

  it('a duplicate prefix names $.groups', () => {
    const e = dataError(() => checkServiceGroups(groupsWith((gs) => (gs[1]!.prefix = 'A'))));
    expect(e.file).toBe('service-groups.json');
    expect(e.path).toBe('$.groups');
    expect(e.problem).toContain('duplicate prefix "A"');
    expect(e.message).toContain('service-groups.json: $.groups:');
  });

  it('a duplicate code names $.groups', () => {
    const e = dataError(() => checkServiceGroups(groupsWith((gs) => (gs[2]!.code = 'civil'))));
    expect(e.path).toBe('$.groups');
    expect(e.problem).toContain('duplicate code "civil"');
  });

  it('a bad prefix names its path', () => {
    expect(dataError(() => checkServiceGroups(groupsWith((gs) => (gs[1]!.prefix = 'BB')))).path).toBe('$.groups[1].prefix');
    expect(dataError(() => checkServiceGroups(groupsWith((gs) => (gs[3]!.prefix = 'd')))).path).toBe('$.groups[3].prefix');
    expect(dataError(() => checkServiceGroups(groupsWith((gs) => (gs[0]!.prefix = 7)))).path).toBe('$.groups[0].prefix');
  });

  it('a missing name.en names its path', () => {
    const e = dataError(() => checkServiceGroups(groupsWith((gs) => delete (gs[2]!.name as Record<string, unknown>).en)));
    expect(e.path).toBe('$.groups[2].name.en');
    expect(e.file).toBe('service-groups.json');
    const e2 = dataError(() => checkServiceGroups(groupsWith((gs) => ((gs[0]!.name as Record<string, unknown>).en = '   '))));
    expect(e2.path).toBe('$.groups[0].name.en');
  });

  it('other shapes of bad group files', () => {
    expect(dataError(() => checkServiceGroups([])).path).toBe('$');
    expect(dataError(() => checkServiceGroups({ groups: {} })).path).toBe('$.groups');
    expect(dataError(() => checkServiceGroups({ groups: [] })).path).toBe('$.groups');
    expect(dataError(() => checkServiceGroups(groupsWith((gs) => (gs[0]!.defaultServiceMinutes = 0)))).path).toBe('$.groups[0].defaultServiceMinutes');
    expect(dataError(() => checkServiceGroups(groupsWith((gs) => ((gs[0] as { topic?: unknown }).topic = { vi: 'hộ tịch' })))).path).toBe('$.groups[0].topic.en');
    expect(dataError(() => checkServiceGroups(groupsWith((gs) => (gs[0]!.defaultServiceMinutes = 2.5)))).path).toBe('$.groups[0].defaultServiceMinutes');
    expect(dataError(() => checkServiceGroups(groupsWith((gs) => (gs[0]!.code = 'Civil')))).path).toBe('$.groups[0].code');
    expect(dataError(() => checkServiceGroups(groupsWith((gs) => (gs[4] = 'x' as unknown as Record<string, unknown>)))).path).toBe('$.groups[4]');
    expect(dataError(() => checkServiceGroups(groupsWith((gs) => (gs[0]!.name = 'Hộ tịch')))).path).toBe('$.groups[0].name');
  });

  it('priority categories: duplicate or bad key, missing name', () => {
    const cats = () => dataFile('priority-categories.json') as { categories: Record<string, unknown>[] };
    const dup = cats();
    dup.categories[1]!.key = '1';
    const e = dataError(() => checkPriorityCategories(dup));
    expect([e.file, e.path]).toEqual(['priority-categories.json', '$.categories']);
    expect(e.problem).toContain('duplicate key "1"');
    const bad = cats();
    bad.categories[0]!.key = '0';
    expect(dataError(() => checkPriorityCategories(bad)).path).toBe('$.categories[0].key');
    const noName = cats();
    delete (noName.categories[3]!.name as Record<string, unknown>).vi;
    expect(dataError(() => checkPriorityCategories(noName)).path).toBe('$.categories[3].name.vi');
  });

  it('queue rules: each number in its range', () => {
    const rules = () => dataFile('queue-rules.json') as Record<string, unknown>;
    const at = (field: string, v: unknown) => {
      const r = rules();
      r[field] = v;
      return dataError(() => checkQueueRules(r));
    };
    expect(at('maxPriorityInARow', 0).path).toBe('$.maxPriorityInARow');
    expect(at('noShowReturnMinutes', -1).path).toBe('$.noShowReturnMinutes');
    expect(at('recentServiceCount', '10').path).toBe('$.recentServiceCount');
    expect(at('ticketDigits', 7).path).toBe('$.ticketDigits');
    expect(at('ticketDigits', 2.5).file).toBe('queue-rules.json');
    expect(checkQueueRules({ ...rules(), noShowReturnMinutes: 0 }).noShowReturnMinutes).toBe(0);
  });
});

describe('bigtext', () => {
  const ALL = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ> -';

  it('renders 5 rows of equal width', () => {
    const rows = bigText('A012');
    expect(BIG_HEIGHT).toBe(5);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([4 * 5 + 3]));
    expect(bigTextWidth('A012')).toBe(23);
  });

  it('every glyph has rows of one width and uses only blocks and spaces', () => {
    for (const ch of ALL) {
      const rows = bigText(ch);
      expect(rows).toHaveLength(5);
      expect(new Set(rows.map((r) => r.length)).size, `glyph ${JSON.stringify(ch)}`).toBe(1);
      expect(rows.join('')).toMatch(/^[█ ]*$/);
    }
    const rows = bigText(ALL);
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
  });

  it('draws lower case as upper case and skips characters without a glyph', () => {
    expect(bigText('a12')).toEqual(bigText('A12'));
    expect(bigText('A€1ö')).toEqual(bigText('A1'));
    expect(bigText('')).toEqual(['', '', '', '', '']);
    expect(bigTextWidth('')).toBe(0);
  });

  it('draws 8 and 0 differently', () => {
    expect(bigText('8')).not.toEqual(bigText('0'));
    expect(bigText('1')[1]).toBe(' ██  ');
  });
});

describe('keys: decodeKey', () => {
  const name = (raw: string) => decodeKey(raw).name;

  it('xterm function keys F1-F12', () => {
    const seqs: [string, string][] = [
      ['\x1bOP', 'f1'],
      ['\x1bOQ', 'f2'],
      ['\x1bOR', 'f3'],
      ['\x1bOS', 'f4'],
      ['\x1b[11~', 'f1'],
      ['\x1b[12~', 'f2'],
      ['\x1b[13~', 'f3'],
      ['\x1b[14~', 'f4'],
      ['\x1b[15~', 'f5'],
      ['\x1b[17~', 'f6'],
      ['\x1b[18~', 'f7'],
      ['\x1b[19~', 'f8'],
      ['\x1b[20~', 'f9'],
      ['\x1b[21~', 'f10'],
      ['\x1b[23~', 'f11'],
      ['\x1b[24~', 'f12'],
    ];
    for (const [raw, f] of seqs) expect(decodeKey(raw), JSON.stringify(raw)).toEqual({ name: f, text: '', ctrl: false });
  });

  it('Linux console F1-F5', () => {
    expect(['\x1b[[A', '\x1b[[B', '\x1b[[C', '\x1b[[D', '\x1b[[E'].map(name)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5']);
  });

  it('modified function keys decode to the base key', () => {
    expect(name('\x1b[1;2P')).toBe('f1');
    expect(name('\x1b[1;5S')).toBe('f4');
    expect(name('\x1b[15;5~')).toBe('f5');
    expect(name('\x1b[24;2~')).toBe('f12');
    expect(name('\x1b[99;2~')).toBe('unknown');
  });

  it('arrows (normal and application mode), paging and editing keys', () => {
    expect(['\x1b[A', '\x1b[B', '\x1b[C', '\x1b[D'].map(name)).toEqual(['up', 'down', 'right', 'left']);
    expect(['\x1bOA', '\x1bOB', '\x1bOC', '\x1bOD'].map(name)).toEqual(['up', 'down', 'right', 'left']);
    expect(name('\x1b[5~')).toBe('pageup');
    expect(name('\x1b[6~')).toBe('pagedown');
    expect(['\x1b[H', '\x1b[1~', '\x1bOH', '\x1b[7~'].map(name)).toEqual(['home', 'home', 'home', 'home']);
    expect(['\x1b[F', '\x1b[4~', '\x1bOF', '\x1b[8~'].map(name)).toEqual(['end', 'end', 'end', 'end']);
    expect(name('\x1b[3~')).toBe('delete');
    expect(name('\x1b[Z')).toBe('backtab');
  });

  it('control keys', () => {
    expect(decodeKey('\x03')).toEqual({ name: 'c', text: '', ctrl: true });
    expect(decodeKey('\x01')).toEqual({ name: 'a', text: '', ctrl: true });
    expect(name('\r')).toBe('enter');
    expect(name('\n')).toBe('enter');
    expect(name('\t')).toBe('tab');
    expect(name('\x1b')).toBe('escape');
    expect(name('\x7f')).toBe('backspace');
    expect(name('\b')).toBe('backspace');
    expect(decodeKey(' ')).toEqual({ name: 'space', text: ' ', ctrl: false });
  });

  it('printable text, normalised to NFC', () => {
    expect(decodeKey('a')).toEqual({ name: 'char', text: 'a', ctrl: false });
    expect(decodeKey('o\u0302\u0300')).toEqual({ name: 'char', text: 'ồ', ctrl: false });
    expect(decodeKey('Đồi')).toEqual({ name: 'char', text: 'Đồi', ctrl: false });
    expect(name('\x1b[999X')).toBe('unknown');
  });
});

describe('keys: splitKeys', () => {
  it('splits a scanner burst "A012\\r" into A, 0, 1, 2, Enter', () => {
    const keys = splitKeys('A012\r');
    expect(keys.map((k) => k.name)).toEqual(['char', 'char', 'char', 'char', 'enter']);
    expect(keys.map((k) => k.text)).toEqual(['A', '0', '1', '2', '']);
  });

  it('keeps combining marks with their base letter', () => {
    const keys = splitKeys('Đồi'.normalize('NFD') + ' a\u0301');
    expect(keys.map((k) => k.text)).toEqual(['Đ', 'ồ', 'i', ' ', 'á']);
    expect(keys.map((k) => k.name)).toEqual(['char', 'char', 'char', 'space', 'char']);
  });

  it('keeps control characters on their own and escape sequences whole', () => {
    expect(splitKeys('ab\tc\x7f').map((k) => k.name)).toEqual(['char', 'char', 'tab', 'char', 'backspace']);
    // A line ended with CR LF (some scanners, pastes) is one Enter; a lone CR or LF is one too.
    expect(splitKeys('A1\r\n').map((k) => k.name)).toEqual(['char', 'char', 'enter']);
    expect(splitKeys('\r\r').map((k) => k.name)).toEqual(['enter', 'enter']);
    expect(splitKeys('\x1b[A')).toEqual([{ name: 'up', text: '', ctrl: false }]);
    // Esc pressed just before F10: Ink hands both over as one sequence
    expect(splitKeys('\x1b\x1b[21~').map((k) => k.name)).toEqual(['escape', 'f10']);
    expect(splitKeys('\x1b\x1b').map((k) => k.name)).toEqual(['escape', 'escape']);
    expect(splitKeys('\x1bb').map((k) => [k.name, k.text])).toEqual([['escape', ''], ['char', 'b']]);
    expect(splitKeys('')).toEqual([]);
  });
});

describe('keys: bindings', () => {
  const char = (text: string): Key => ({ name: 'char', text, ctrl: false });
  const named = (name: string): Key => ({ name, text: '', ctrl: false });
  /** The main screen's command a key runs (the first binding that takes it), as the router picks it. */
  const commandFor = (key: Key, candidates?: readonly string[]) =>
    MAIN_BINDINGS.filter((b) => !candidates || candidates.includes(b.id)).find((b) => b.keys.some((k) => keyMatches(k, key)))?.id;
  const matches = (key: Key, id: string) => MAIN_BINDINGS.find((b) => b.id === id)!.keys.some((k) => keyMatches(k, key));

  it('function keys and letters trigger their commands', () => {
    expect(commandFor(named('f1'))).toBe('help');
    expect(commandFor(named('f3'))).toBe('call');
    expect(commandFor(named('f6'))).toBe('finish');
    expect(commandFor(named('f10'))).toBe('figures');
    expect(commandFor(char('c'))).toBe('call');
    expect(commandFor(char('?'))).toBe('help');
    expect(commandFor(char('f'))).toBe('finish');
    expect(commandFor(named('pageup'))).toBe('scroll');
    expect(commandFor(named('pagedown'))).toBe('scroll');
    expect(commandFor(named('tab'))).toBe('counter');
    expect(commandFor(char('7'))).toBe('counter');
    expect(commandFor(char('0'))).toBeUndefined();
    expect(commandFor(named('f12'))).toBe('office');
    expect(commandFor(named('insert'))).toBeUndefined();
  });

  it('lower-case bindings accept both cases', () => {
    expect(commandFor(char('C'))).toBe('call');
    expect(commandFor(char('Q'))).toBe('quit');
    expect(commandFor(char('E'))).toBe('rate');
  });

  it("'K' closes the trip in either case (it asks first)", () => {
    expect(commandFor(char('K'))).toBe('closeTrip');
    expect(commandFor(char('k'))).toBe('closeTrip');
    expect(matches(char('k'), 'closeTrip')).toBe(true);
    expect(matches(splitKeys('K')[0]!, 'closeTrip')).toBe(true);
  });

  it('ctrl+c quits and is not the letter c', () => {
    const ctrlC = decodeKey('\x03');
    expect(commandFor(ctrlC)).toBe('quit');
    expect(matches(ctrlC, 'call')).toBe(false);
    expect(matches(char('c'), 'quit')).toBe(false);
  });

  it('a function key name is not the letter of a binding', () => {
    expect(matches(named('f1'), 'finish')).toBe(false);
    expect(matches(char('f1'), 'help')).toBe(false);
  });

  it('a pasted letter is text, never a command', () => {
    expect(commandFor(pasteKey('c'))).toBeUndefined();
    expect(pasteKey('a\r\nb\tc\x1b')).toEqual({ name: 'char', text: 'a b c', ctrl: false, paste: true });
  });

  it('candidates restrict the lookup', () => {
    expect(commandFor(char('c'), ['issue', 'quit'])).toBeUndefined();
    expect(commandFor(char('n'), ['issue', 'quit'])).toBe('issue');
  });

  it('every binding is reached from its own key, and no key of the main screen is bound twice', () => {
    const seen = new Map<string, string>();
    for (const b of MAIN_BINDINGS) {
      for (const k of b.keys) {
        const keys: Key[] = /^\d-\d$/.test(k) ? Array.from({ length: Number(k[2]) - Number(k[0]) + 1 }, (_, i) => char(String(Number(k[0]) + i))) : [k.startsWith('ctrl+') ? { name: k.slice(5), text: '', ctrl: true } : [...k].length === 1 ? char(k) : named(k)];
        for (const key of keys) {
          expect(matches(key, b.id), `${b.id} ${k}`).toBe(true);
          expect(commandFor(key), `${b.id} ${k}`).toBe(b.id);
          const name = JSON.stringify(key);
          expect(seen.get(name), `${name} bound to ${seen.get(name)} and ${b.id}`).toBeUndefined();
          seen.set(name, b.id);
        }
      }
    }
  });

  it('labels bindings for the help screen', () => {
    expect(keyLabel('f1')).toBe('F1');
    expect(keyLabel('f12')).toBe('F12');
    expect(keyLabel('pagedown')).toBe('PgDn');
    expect(keyLabel('ctrl+c')).toBe('Ctrl+C');
    expect(keyLabel('k')).toBe('K');
    expect(keyLabel('1-9')).toBe('1–9');
    expect(keyLabel('escape')).toBe('Esc');
    expect(keyLabel('up')).toBe('↑');
  });
});
