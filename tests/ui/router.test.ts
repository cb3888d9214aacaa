// The router of the counter screen without React: the stack, effects as data, binding tables driving
// dispatch, the key bar, the help and refusals; echoed keys taken back when their burst was a scan
// (typing with no delay); and the whole input path (our stdin reader, the wedge router, the router)
// fed a scanner's garbled burst (issue 15 item 4). Real database files throughout.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Luudong } from '../../src/app/luudong.js';
import { STATE_KEYS } from '../../src/core/lifecycle.js';
import { keyBar, helpItems, keyMatches } from '../../src/ui/bindings.js';
import { KeyReader } from '../../src/ui/keys/input.js';
import type { FindState } from '../../src/ui/screens/find.js';
import { MAIN_BINDINGS, type MainState } from '../../src/ui/screens/main.js';
import { testDesk } from '../helpers/desk.js';
import { tempApp } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T01:30:00Z');
const ESC = '\x1b';
const QR = '001152012345|012345678|NGUYỄN THỊ HƯỜNG|15031952|Nữ|Thôn Đồi Dùng, xã Mỹ Đức, Hà Nội|10082021';

function morning(): Luudong {
  const { app } = tempApp(() => NOW);
  app.openTrip({
    commune: 'Xã Mỹ Đức',
    place: 'Nhà văn hóa thôn Đồi Dùng',
    date: '2026-11-23',
    start: '07:30',
    end: '11:30',
    operators: ['Lan'],
    counters: [
      { no: 1, groups: ['civil', 'welfare'] },
      { no: 2, groups: ['land', 'digital'] },
    ],
  });
  return app;
}

const ids = (d: ReturnType<typeof testDesk>) => d.desk.state.stack.map((f) => f.screen.id);

describe('screen units on a stack', () => {
  it('a key handler returns its writes as data: nothing changes until the router performs them', () => {
    const app = morning();
    app.issue('civil');
    const d = testDesk(app);
    const call = MAIN_BINDINGS.find((b) => b.id === 'call')!;
    const s = call.run({ scroll: 0 } satisfies MainState, d.env(), { name: 'char', text: 'c', ctrl: false });
    expect(s.effects.map((e) => e.kind)).toEqual(['write']);
    expect(app.queueState().currentAt(1)).toBeUndefined();
    d.press('c');
    expect(app.queueState().currentAt(1)?.label).toBe('A001');
    expect(d.desk.state.status).toEqual({ kind: 'ok', text: 'Ticket A001 to Counter 1, please.' });
    expect(d.writes).toBe(1);
  });

  it('dialogs push and pop; Esc from the priority picker goes back to the groups, not out', () => {
    const d = testDesk(morning());
    d.press('n');
    expect(ids(d)).toEqual(['main', 'pickGroup']);
    d.press('a');
    expect(ids(d)).toEqual(['main', 'pickPriority']);
    d.press(ESC);
    expect(ids(d)).toEqual(['main', 'pickGroup']);
    d.press('a', '1');
    expect(ids(d)).toEqual(['main']);
    expect(d.desk.state.status?.text).toMatch(/^Ticket A001 issued/);
  });

  it('a supervisor’s approval pushes on top of Find and pops back to it with the move done', () => {
    const { app } = tempApp(() => NOW);
    const admin = app.operators.add('Trần Hùng', 'admin', '2468', null);
    app.operators.add('Lan', 'operator', '1357', admin);
    app.operators.add('Mai', 'supervisor', '8642', admin);
    app.citizenFromQr(QR);
    const dossier = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
    const d = testDesk(app);
    expect(ids(d)).toEqual(['main', 'login']);
    d.press('Lan', '\r', '1357', '\r');
    expect(ids(d)).toEqual(['main']);
    d.press('/', 'huong', '\r');
    expect((d.top().state as FindState).open?.code).toBe(dossier.code);
    d.press(STATE_KEYS.cancelled);
    // cancelling asks first, with the reason
    expect(ids(d)).toEqual(['main', 'find', 'moveDossier']);
    d.press('\r');
    expect(d.text()).toContain('Give the reason');
    d.press('Citizen withdrew', '\r');
    expect(ids(d)).toEqual(['main', 'find', 'approve']);
    expect(d.view().title).toBe(`A supervisor must approve: ${dossier.code} → Cancelled`);
    // a wrong PIN stays on the form, cleared, with the reason
    d.press('Mai', '\t', '1111', '\r');
    expect(ids(d)).toEqual(['main', 'find', 'approve']);
    expect(d.text()).toContain('Wrong name or PIN');
    d.press('8642', '\r');
    expect(ids(d)).toEqual(['main', 'find']);
    const find = d.top().state as FindState;
    expect(find.open?.state).toBe('cancelled');
    expect(find.message).toBe(`Dossier ${dossier.code}: Cancelled.`);
    expect(app.dossiers.events(app.dossiers.get(dossier.code)).map((e) => [e.operator, e.note])).toEqual([
      [null, null],
      ['Mai', 'Citizen withdrew'],
    ]);
    // Esc on the approval goes back to Find, the dossier as it was
    const other = app.dossiers.receive({ citizenId: '001152012345', procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' });
    d.press(ESC, '\x15', other.code, '\r');
    expect((d.top().state as FindState).open?.code).toBe(other.code);
    d.press(STATE_KEYS.cancelled, 'Duplicate', '\r');
    expect(ids(d)).toEqual(['main', 'find', 'approve']);
    d.press('Mai', ESC);
    expect(ids(d)).toEqual(['main', 'find']);
    expect((d.top().state as FindState).open?.state).toBe('received');
    expect(app.dossiers.get(other.code).state).toBe('received');
  });

  it('one binding table drives the key bar, the help and the refusals', () => {
    const { app } = tempApp(() => NOW);
    const d = testDesk(app);
    // no trip: the bar offers opening one; a queue key is refused with the reason
    expect(keyBar(d.top(), d.env(), 80)).toBe('O Open trip  H Receive  / Find dossier  Q Quit  M Schedule  F1 Help');
    d.press('c');
    expect(d.desk.state.status).toEqual({ kind: 'error', text: 'No trip is open. Open a trip first.' });
    const help = helpItems(d.top(), d.env());
    expect(help.find((h) => h.label === 'Call next')).toEqual({ keys: 'F3 / C', label: 'Call next', disabled: 'No trip is open. Open a trip first.' });
    expect(help.find((h) => h.label === 'Open trip')?.disabled).toBeNull();
    // the help screen lists the current screen's own keys: Find's, not the main screen's
    d.press('/', '\x1bOP');
    expect(ids(d)).toEqual(['main', 'find', 'help']);
    const text = d.text();
    expect(text).toContain('↑/↓');
    expect(text).toContain('Enter         Open');
    expect(text).toContain('←/→ Home/End Del Backspace Ctrl+U  Edit the field');
    expect(text).not.toContain('Call next');
    d.press(ESC);
    // ? is typed into Find's field, not the help
    d.press('?');
    expect(ids(d)).toEqual(['main', 'find']);
    expect((d.top().state as FindState).query.text).toBe('?');
  });

  it('letters in either case (as met: a lower-case k did nothing); closing the trip asks first', () => {
    const app = morning();
    app.issue('civil');
    const d = testDesk(app);
    d.press('C');
    expect(app.queueState().currentAt(1)?.label).toBe('A001');
    d.press('k');
    expect(ids(d)).toEqual(['main', 'confirm']);
    expect(d.text()).toContain('Press Y to close, Esc to go back.');
    d.press('\x1b');
    expect(ids(d)).toEqual(['main']);
    d.press('K');
    expect(ids(d)).toEqual(['main', 'confirm']);
    expect(d.text()).toContain('Press Y to close, Esc to go back.');
    d.press('x'); // anything but Y: nothing closed
    expect(ids(d)).toEqual(['main']);
    expect(app.currentTrip()).toBeDefined();
    // Every letter binding of every screen's table is taken in both cases.
    for (const b of MAIN_BINDINGS) {
      for (const k of b.keys) {
        if (!/^\p{L}$/u.test(k)) continue;
        for (const text of [k.toLowerCase(), k.toUpperCase()]) expect(keyMatches(k, { name: 'char', text, ctrl: false }), `${b.id} ${text}`).toBe(true);
      }
    }
  });

  it('an unknown counter digit changes nothing; a known one switches the desk', () => {
    const d = testDesk(morning());
    const before = d.desk.state;
    d.press('9');
    expect(d.desk.state).toBe(before);
    d.press('2');
    expect(d.desk.state.counter).toBe(2);
  });
});

describe('typing with no delay: echoed keys, taken back when they were a scan', () => {
  it('echoed keys show at once; their writes wait; a scan puts the screen back as it was and drops them', () => {
    const app = morning();
    app.issue('civil');
    const d = testDesk(app);
    d.press('/', 'ng');
    const before = d.desk.state;
    // a scan's first keys: into the field at once
    d.echo('X', 'Y', 'Z', '1');
    expect((d.top().state as FindState).query.text).toBe('ngXYZ1');
    d.desk.wedgeScan('XYZ12345', 'wedge');
    // back to "ng" in the field, the scan said on the status line
    expect(d.desk.state.stack).toBe(before.stack);
    expect((d.top().state as FindState).query).toEqual({ text: 'ng', at: 2 });
    expect(d.desk.state.status).toEqual({ kind: 'error', text: 'That scan is not an ID card, a dossier code or a ticket: “XYZ12345” (kept for checking).' });

    // on the main screen: C (call) echoed from a burst calls nobody; a dialog it opened closes again
    d.press(ESC);
    d.echo('c', 'n', 'a');
    expect(ids(d)).toEqual(['main', 'pickPriority']);
    expect(app.queueState().currentAt(1)).toBeUndefined();
    d.desk.wedgeScan('cna4', 'wedge');
    expect(ids(d)).toEqual(['main']);
    expect(app.queueState().currentAt(1)).toBeUndefined();
    expect(d.writes).toBe(0);

    // the same keys decided typed: the call runs, in order
    d.echo('c');
    expect(app.queueState().currentAt(1)).toBeUndefined();
    d.desk.typed();
    expect(app.queueState().currentAt(1)?.label).toBe('A001');
  });

  it('a scan from a scanner on its own port waits for the burst in progress to be decided', () => {
    const app = morning();
    const d = testDesk(app);
    d.echo('h'); // opens the receipt (undoable)
    expect(ids(d)).toEqual(['main', 'receipt']);
    d.desk.portScan(QR, 'serial-1');
    expect(app.citizen('001152012345')).toBeUndefined();
    d.desk.wedgeScan('h123', 'wedge'); // the "h" was a scan: the receipt closes, then the card opens one
    expect(ids(d)).toEqual(['main', 'receipt']);
    expect(app.citizen('001152012345')?.fullName).toBe('Nguyễn Thị Hường');
  });
});

describe('the input path: stdin reader, wedge router, router (issue 15 item 4)', () => {
  /** Feed the terminal's bytes into the real reader in front of a desk. */
  function terminal(app: Luudong) {
    const d = testDesk(app);
    const stdin = new PassThrough();
    const reader = new KeyReader(stdin, { key: (k, e) => d.desk.key(k, e), typed: () => d.desk.typed(), scan: (text) => d.desk.wedgeScan(text, 'wedge') }, { echo: true });
    reader.start();
    const quiet = () => new Promise((r) => setTimeout(r, 80));
    return { d, stdin, reader, quiet };
  }

  it('a burst with Esc inside, ended by Enter, marks no one a no-show: it is one scan', async () => {
    const app = morning();
    app.issue('civil');
    app.callNext(1);
    const { d, stdin, reader, quiet } = terminal(app);
    for (const c of 'ABCDEFGH\x1bXYZWVUT\r') stdin.write(c);
    await quiet();
    reader.stop();
    expect(app.queueState().currentAt(1)).toMatchObject({ label: 'A001', status: 'called' });
    expect(ids(d)).toEqual(['main']);
    expect(d.desk.state.status).toEqual({ kind: 'error', text: 'That scan is not an ID card, a dossier code or a ticket: “ABCDEFGHXYZWVUT” (kept for checking).' });
  });

  it('a burst with Esc inside and no Enter opens no print jobs: it is one scan too', async () => {
    const app = morning();
    const { d, stdin, reader, quiet } = terminal(app);
    stdin.write('ABCDEFGH');
    stdin.write('\x1b');
    stdin.write('JKLMNOP');
    await quiet();
    reader.stop();
    expect(ids(d)).toEqual(['main']);
    expect(d.desk.state.status?.text).toContain('“ABCDEFGHJKLMNOP”');
  });

  it('the same keys typed at a person’s pace are keys', async () => {
    const app = morning();
    const { d, stdin, reader, quiet } = terminal(app);
    stdin.write('j');
    await quiet();
    expect(ids(d)).toEqual(['main', 'jobs']);
    stdin.write('\x1b');
    await quiet();
    reader.stop();
    expect(ids(d)).toEqual(['main']);
  });
});
