// The main screen's waiting rows are worked out again only when the queue moved: a commit elsewhere
// that changes no ticket (a printer added by another process here; on a workstation, any of the
// hub's pushes after a print job or a dossier) redraws the screen but does not ask every group's
// waiting line again; a ticket issued does, and shows.
import { describe, expect, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { Luudong } from '../../src/app/luudong.js';
import { openDatabase } from '../../src/store/db.js';
import { testDesk } from '../helpers/desk.js';
import { tempApp } from '../helpers/ui.js';

const NOW = Date.parse('2026-11-23T01:30:00Z'); // a Monday, 08:30 in Hà Nội

describe('the main screen’s waiting rows', () => {
  it('are kept across commits that move no ticket, and made again when one does', () => {
    const { app, file } = tempApp(() => NOW);
    const groups = app.data.groups.map((g) => g.code);
    app.openTrip({ commune: 'Xã Mỹ Đức', place: 'Đồi Dùng', date: '2026-11-23', start: '07:30', end: '11:30', operators: ['Lan'], counters: [{ no: 1, groups }] });
    for (let i = 0; i < 4; i++) app.issue(groups[i % groups.length]!);
    let asked = 0;
    const line = app.waitingLine.bind(app);
    app.waitingLine = (g: string) => (asked++, line(g));
    const d = testDesk(app, 'en', { width: 80, height: 22 });
    expect(d.text()).toContain('Waiting (4)');
    expect(asked).toBeGreaterThan(0);

    // Another process on this laptop adds a printer: the screen hears a commit, the queue did not move.
    const other = new Luudong({ db: openDatabase(file), data: loadDomainData(), now: () => NOW, file });
    other.printing.addPrinter({ name: 've-2', kind: 'file', target: '/dev/null', paper: '80', profile: 'tcvn3', roles: ['tickets'] });
    const before = app.revision;
    expect(app.refresh()).toBe(true);
    expect(app.revision).toBeGreaterThan(before);
    asked = 0;
    expect(d.text()).toContain('Waiting (4)');
    expect(asked).toBe(0);

    // A ticket issued elsewhere moves the queue: the rows are made again and show it.
    const issued = other.issue(groups[0]!).ticket.label;
    app.refresh();
    asked = 0;
    const text = d.text();
    expect(asked).toBeGreaterThan(0);
    expect(text).toContain('Waiting (5)');
    expect(text).toContain(issued);
    other.db.close();
  });
});
