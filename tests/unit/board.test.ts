// The citizen-facing board's content: one line per ticket, no walk-in, and the call in the largest
// block letters the screen holds, with the calls before it and the waiting counts below.
import { describe, expect, it } from 'vitest';
import { BIG_HEIGHT, bigText, bigWidth, fitBig } from '../../src/core/bigtext.js';
import { translator } from '../../src/i18n/index.js';
import { boardRows, type BoardInput } from '../../src/ui/boardView.js';
import { C1, C3, MIN, Sim, T0 } from './queue-sim.js';

describe('board calls', () => {
  it('a recall moves the ticket to the top without a second line (as met: A001 twice in "Vừa gọi")', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.issue('civil');
    sim.tick(1).call(C1); // A001
    sim.tick(1).call(C1); // A002
    sim.tick(1).recall(C1); // A002 again
    expect(sim.state.recentCalls.map((c) => c.label)).toEqual(['A002', 'A002', 'A001']);
    expect(sim.state.boardCalls().map((c) => [c.label, c.recall])).toEqual([
      ['A002', true],
      ['A001', false],
    ]);
  });

  it('a walk-in is neither the big call nor in the list: the citizen is already at the counter', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.tick(1).call(C1); // A001
    sim.tick(1).walkIn(C3, 'digital'); // H001 served at once
    expect(sim.state.recentCalls[0]).toMatchObject({ label: 'H001', walkIn: true });
    expect(sim.state.boardCalls().map((c) => c.label)).toEqual(['A001']);
    // A walk-in the operator then calls again (recall) is shown: someone is called.
    sim.tick(1).recall(C3);
    expect(sim.state.boardCalls().map((c) => c.label)).toEqual(['H001', 'A001']);
  });
});

describe('block letters scaled to the screen', () => {
  it('scales each dot to sx columns and sy rows', () => {
    const one = bigText('A1');
    const big = bigText('A1', 3, 2);
    expect(big).toHaveLength(BIG_HEIGHT * 2);
    expect(big[0]!.length).toBe(bigWidth('A1', 3));
    expect(big[0]).toBe(big[1]);
    // Each dot three columns wide, the glyphs two columns apart (half a dot, rounded up).
    expect(big[0]).toBe([...one[0]!.slice(0, 5)].map((c) => c.repeat(3)).join('') + '  ' + [...one[0]!.slice(6)].map((c) => c.repeat(3)).join(''));
  });

  it('picks the largest that fits, within twice the other dimension', () => {
    const w = bigWidth('A001>2');
    expect(w).toBe(35);
    expect(fitBig('A001>2', 34, 50)).toBeUndefined();
    expect(fitBig('A001>2', 80, 4)).toBeUndefined();
    expect(fitBig('A001>2', 80, 14)).toMatchObject({ sx: 2, sy: 2 });
    expect(fitBig('A001>2', 80, 15)).toMatchObject({ sx: 2, sy: 3 });
    expect(fitBig('A001>2', 80, 100)).toMatchObject({ sx: 2, sy: 4 });
    expect(fitBig('A001>2', 240, 5)).toMatchObject({ sx: 2, sy: 1 });
    for (let cols = 35; cols < 260; cols += 7) {
      for (let rows = 5; rows < 80; rows += 3) {
        const f = fitBig('B123>12', cols, rows);
        if (!f) continue;
        expect(f.lines.length).toBeLessThanOrEqual(rows);
        expect(f.lines[0]!.length).toBeLessThanOrEqual(cols);
        // One more step in either direction would not fit (or would break the 2:1 bound).
        const wider = bigWidth('B123>12', f.sx + 1) <= cols && f.sx + 1 <= 2 * f.sy;
        const taller = (f.sy + 1) * BIG_HEIGHT <= rows && f.sy + 1 <= 2 * f.sx;
        expect(wider || taller, `${cols}x${rows}`).toBe(false);
      }
    }
  });
});

describe('board rows', () => {
  const t = translator('vi');
  const calls = (n: number) => Array.from({ length: n }, (_, i) => ({ ticketId: n - i, label: `A${String(n - i).padStart(3, '0')}`, counter: 1 + (i % 3), at: T0 + (n - i) * MIN, recall: false, walkIn: false }));
  const input = (cols: number, rows: number, extra: Partial<BoardInput> = {}): BoardInput => ({
    cols,
    rows,
    now: T0,
    heading: 'Nhà văn hóa thôn Kim Long Thượng · Phường Phương Đức',
    calls: calls(8),
    waiting: [
      { prefix: 'A', name: 'Hộ tịch', count: 7 },
      { prefix: 'B', name: 'Đất đai', count: 0 },
      { prefix: 'H', name: 'Hỗ trợ số (VNeID, chữ ký số, thanh toán)', count: 2 },
    ],
    ...extra,
  });
  const blockRows = (rows: { text: string }[]) => rows.filter((r) => r.text.includes('█')).length;

  for (const [cols, rows] of [
    [80, 23],
    [100, 29],
    [240, 66],
  ] as const) {
    it(`fills ${cols}x${rows + 1}: letters as large as fit, the recent calls and the waiting counts below, nothing cut`, () => {
      const out = boardRows(t, input(cols, rows));
      expect(out).toHaveLength(rows);
      for (const r of out) expect(r.text.length).toBeLessThanOrEqual(cols);
      const text = out.map((r) => r.text).join('\n');
      expect(text).toContain('SỐ A008 → Quầy 1');
      expect(text).toContain('A007 → Quầy 2');
      expect(text).toContain('Đang chờ:');
      expect(text).toContain('A Hộ tịch: 7');
      expect(text).not.toContain('Đất đai'); // nobody waits there
      const big = blockRows(out);
      const f = fitBig('A008>1', cols, rows)!;
      // At least the letters 'A008>1' would take with a third of the screen left for the rest.
      expect(big).toBeGreaterThanOrEqual(fitBig('A008>1', cols, Math.floor((rows * 2) / 3))!.lines.length);
      expect(big).toBeLessThanOrEqual(f.lines.length);
      // The letters span most of the width.
      const widest = Math.max(...out.filter((r) => r.text.includes('█')).map((r) => r.text.trim().length));
      expect(widest).toBeGreaterThan(cols * 0.75);
    });
  }

  it('the big letters grow with the screen', () => {
    const h = (cols: number, rows: number) => blockRows(boardRows(t, input(cols, rows)));
    expect(h(80, 23)).toBeGreaterThanOrEqual(10);
    expect(h(100, 29)).toBeGreaterThan(h(80, 23));
    expect(h(240, 66)).toBeGreaterThan(h(100, 29) * 2);
  });

  it('without a trip or a call, says so; a narrow screen shows the call as text', () => {
    expect(boardRows(t, input(80, 23, { heading: undefined })).map((r) => r.text)).toContain(t('board.noTrip'));
    expect(boardRows(t, input(80, 23, { calls: [] })).map((r) => r.text.trim())).toContain('Xin vui lòng chờ gọi số');
    const narrow = boardRows(t, input(34, 20));
    expect(blockRows(narrow)).toBe(0);
    expect(narrow.map((r) => r.text.trim())).toContain('SỐ A008 → Quầy 1');
  });
});
