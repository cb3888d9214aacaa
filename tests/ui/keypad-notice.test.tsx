// The counter screen tells the operator, on its status line at 80x24, that the citizen's rating
// keypad is not used because it cannot be taken from the system (its keys would reach this screen),
// and what the keypad recorded when it is used: the citizen's devices started as the counter screen
// starts them (src/cli/tui.tsx), through the ScanHub it listens to. The keypad is a fake at the
// driver's boundary; no modem is set up.
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { TextContext } from '../../src/ui/context.js';
import { ScanHub } from '../../src/ui/scanHub.js';
import { translator } from '../../src/i18n/index.js';
import { forStatusLine, startCitizenDevices } from '../../src/cli/citizenDevices.js';
import { HidKeypad, KeypadError } from '../../drivers/rater/hid.js';
import { keyboardReport } from '../../src/core/rater.js';
import { FakeHidDevice } from '../helpers/fake-hid.js';
import { renderAt, strip, tempApp, waitFor } from '../helpers/ui.js';

const mounted: { unmount: () => void }[] = [];
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
  for (const m of mounted.splice(0)) m.unmount();
});

describe("the rating keypad on the counter screen's status line", () => {
  for (const lang of ['vi', 'en'] as const) {
    it(`says a keypad that cannot be taken is not used and why, then what a usable one recorded (${lang})`, async () => {
      const t = translator(lang);
      const { app, file } = tempApp();
      const groups = app.data.groups.map((g) => g.code);
      app.openTrip({ commune: 'Mỹ Đức', place: 'Nhà văn hóa thôn Đồi Dùng', date: new Date().toISOString().slice(0, 10), start: '00:00', end: '23:59', operators: ['Lan'], counters: [{ no: 1, groups }, { no: 2, groups }] });
      app.raters.add({ name: 'quay-1', target: '05ac:0250', counter: 1, timeoutS: 60 });
      app.raters.add({ name: 'quay-2', target: '05ac:0251', counter: 2, timeoutS: 60 });
      const scans = new ScanHub();
      const r = renderAt(<TextContext.Provider value={{ t, lang }}><App app={app} scanHub={scans} wedge={{ minLength: Number.POSITIVE_INFINITY }} /></TextContext.Provider>, { columns: 80, rows: 24 });
      mounted.push(r);
      await waitFor(r.lastFrame, (f) => f.includes('Quầy 1') || f.includes('Counter 1'));
      const device = new FakeHidDevice();
      const devices = await startCitizenDevices(app, file, t, {
        say: forStatusLine((text, level) => scans.emit({ kind: 'notice', level, text })),
        keypad: (name, target) =>
          new HidKeypad(name, {
            target,
            slowRetryMs: 60_000,
            // quay-1: no permission on its USB device and its input not inhibited; quay-2 taken.
            open: async () => {
              if (name === 'quay-1') throw new KeypadError('notExclusive', 'access');
              return device;
            },
          }),
      });
      const stop = () => devices.stop();
      stops.push(stop);
      const refused = t('rt.notExclusive.access', { name: 'quay-1' });
      const f = await waitFor(r.lastFrame, (x) => x.includes(refused));
      for (const l of strip(f).split('\n')) expect([...l].length, l).toBeLessThanOrEqual(80);
      // The usable keypad of counter 2 rates the ticket just finished there; the screen says so.
      const a = app.issue(groups[0]!).ticket;
      app.callNext(2);
      app.finish(2);
      device.emit('data', Buffer.from(keyboardReport([0x1e + 3])));
      await waitFor(r.lastFrame, (x) => x.includes(t('rt.recorded', { ticket: a.label, digit: 4 })));
      expect(app.db.prepare('SELECT score, source FROM ratings').all()).toEqual([{ score: 4, source: 'keypad' }]);
    });
  }
});
