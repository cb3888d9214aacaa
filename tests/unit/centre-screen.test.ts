// The centre's screen unit: its binding table drives the keys, the key bar and the help.
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../src/centre/core/figures.js';
import { translator } from '../../src/i18n/index.js';
import { CENTRE_BINDINGS, centreHelpLines, centreKey, centreKeyBar, centreLoginAnswered, centreLoginLines, centreTitle, initialCentre, type CentreLogin, type CentreState } from '../../src/ui/centre/screen.js';
import { decodeKey } from '../../src/ui/keys/keys.js';

const ctx = { page: 10, maxScroll: 25 };
const press = (s: CentreState, raw: string) => centreKey(s, decodeKey(raw), ctx);

describe('the centre screen unit', () => {
  it('a number cuts the figures by its dimension, from the top', () => {
    const s: CentreState = { ...initialCentre(2026), by: 'month', scroll: 7 };
    DIMENSIONS.forEach((d, i) => expect(press(s, String(i + 1))).toMatchObject(d === 'month' ? { by: d, scroll: 7 } : { by: d, scroll: 0 }));
    expect(press(s, '7')).toBeNull();
    expect(press(s, '0')).toBeNull();
  });

  it('arrows change the year, scrolling stays within the report', () => {
    const s = initialCentre(2026);
    expect(press(s, '\x1b[D')).toMatchObject({ year: 2025 });
    expect(press(s, '\x1b[C')).toMatchObject({ year: 2027 });
    expect(press(s, '\x1b[A')).toMatchObject({ scroll: 0 });
    expect(press(s, '\x1b[6~')).toMatchObject({ scroll: 10 });
    expect(press({ ...s, scroll: 20 }, '\x1b[6~')).toMatchObject({ scroll: 25 });
    expect(press({ ...s, scroll: 20 }, '\x1b[F')).toMatchObject({ scroll: 25 });
    expect(press({ ...s, scroll: 20 }, '\x1b[H')).toMatchObject({ scroll: 0 });
    // a report that shrank: the next key starts from what is shown
    expect(press({ ...s, scroll: 40 }, '\x1b[A')).toMatchObject({ scroll: 24 });
  });

  it('R asks for the figures again; ? opens the help, Esc closes it, then quits; Q and Ctrl+C quit', () => {
    const s = initialCentre(2026);
    expect(press(s, 'r')).toMatchObject({ reload: 1 });
    expect(press(s, 'R')).toMatchObject({ reload: 1 });
    const help = press(s, '?') as CentreState;
    expect(help.help).toBe(true);
    expect(press(help, '\x1b')).toMatchObject({ help: false });
    expect(press(s, '\x1b')).toBe('quit');
    expect(press(s, 'q')).toBe('quit');
    expect(press(s, 'Q')).toBe('quit');
    expect(press(s, '\x03')).toBe('quit');
  });

  for (const lang of ['vi', 'en'] as const) {
    it(`the key bar fits 80 columns whole and the help lists every binding (${lang})`, () => {
      const t = translator(lang);
      const bar = centreKeyBar(t, 80);
      expect([...bar].length).toBeLessThanOrEqual(80);
      for (const b of CENTRE_BINDINGS.filter((x) => x.mode === 'figures' && x.bar !== undefined)) expect(bar).toContain(t(b.label));
      const help = centreHelpLines(t).join('\n');
      for (const b of CENTRE_BINDINGS.filter((x) => x.mode === 'figures')) expect(help).toContain(b.id === 'yearBack' ? t('centre.screen.yearBack') : t(b.label));
      expect(help).not.toContain(t('key.login'));
      // the login step's bar and help: its own bindings, whole at 80 columns
      const loginBar = centreKeyBar(t, 80, 'login');
      expect([...loginBar].length).toBeLessThanOrEqual(80);
      for (const b of CENTRE_BINDINGS.filter((x) => x.mode === 'login')) expect(loginBar).toContain(t(b.label));
      expect(loginBar).not.toContain(t('centre.screen.refresh'));
      const loginHelp = centreHelpLines(t, 'login').join('\n');
      for (const b of CENTRE_BINDINGS.filter((x) => x.mode === 'login')) expect(loginHelp).toContain(t(b.label));
      expect(loginHelp).not.toContain(t('centre.dim.month'));
      for (const d of DIMENSIONS) expect(help).toContain(t(`centre.dim.${d}`));
      for (const l of centreHelpLines(t)) expect([...l].length).toBeLessThanOrEqual(80);
      // a long centre name is left out of the header rather than cut
      const long = centreTitle(t, initialCentre(2026), 'Trung tâm Phục vụ hành chính công thành phố Hà Nội, chi nhánh lưu động', 80);
      expect(long).toBe(t('centre.screen.title', { year: 2026, by: t('centre.dim.vehicle') }));
      expect(centreTitle(t, initialCentre(2026), 'TT HCC', 80)).toContain('TT HCC');
    });
  }

  it('the login step: letters type the name, Enter goes to the PIN, digits only there, Enter asks for the check', () => {
    const t = translator('vi');
    let s = initialCentre(2026, {});
    expect(s.login).toMatchObject({ focus: 0, attempt: 0, busy: false });
    // keys of the figures are letters of a name here: Q, R and the numbers type
    for (const ch of ['Q', 'u', 'â', 'n', ' ', 'r', '1']) s = press(s, ch) as CentreState;
    expect(s.login?.name.text).toBe('Quân r1');
    s = press(s, '\x7f') as CentreState; // Backspace
    s = press(s, '\x7f') as CentreState;
    s = press(s, '\x7f') as CentreState;
    expect(s.login?.name.text).toBe('Quân');
    s = press(s, '\r') as CentreState;
    expect(s.login).toMatchObject({ focus: 1, attempt: 0 });
    expect(press(s, 'x')).toBeNull(); // not a digit: nothing happens
    for (const ch of ['2', '5', '8', '0']) s = press(s, ch) as CentreState;
    expect(s.login?.pin.text).toBe('2580');
    expect(centreLoginLines(t, s.login as CentreLogin, 80).map((l) => l.text)).toContain(`> ${t('auth.fieldPin').padEnd(14)} ••••`);
    s = press(s, '\r') as CentreState;
    expect(s.login).toMatchObject({ busy: true, attempt: 1 });
    // while the PIN is checked nothing is typed; Ctrl+C still quits
    expect(press(s, '1')).toBeNull();
    expect(press(s, '\r')).toBeNull();
    expect(press(s, '\x03')).toBe('quit');
    // refused: the reason shown, the PIN cleared, the name kept
    const refused = centreLoginAnswered(s, t('err.auth.bad'));
    expect(refused.login).toMatchObject({ busy: false, error: t('err.auth.bad'), name: { text: 'Quân' }, pin: { text: '' } });
    expect(centreLoginLines(t, refused.login as CentreLogin, 80).map((l) => l.text)).toContain(`! ${t('err.auth.bad')}`);
    // Esc clears the PIN; Tab moves between the fields; F1 the help; Q is not "quit" here
    let again = press({ ...refused, login: { ...(refused.login as CentreLogin), pin: { text: '12', at: 2 } } }, '\x1b') as CentreState;
    expect(again.login?.pin.text).toBe('');
    again = press(again, '\t') as CentreState;
    expect(again.login?.focus).toBe(0);
    expect((press(again, '\x1bOP') as CentreState).help).toBe(true);
    expect(press(again, 'q')).not.toBe('quit');
    // accepted: the figures, no login left
    const inside = centreLoginAnswered(s, null);
    expect(inside.login).toBeNull();
    expect(press(inside, '3')).toMatchObject({ by: 'procedure' });
    // an empty name does not ask for a check
    const empty = press({ ...initialCentre(2026, {}), login: { ...(initialCentre(2026, {}).login as CentreLogin), focus: 1, pin: { text: '1', at: 1 } } }, '\r') as CentreState;
    expect(empty.login).toMatchObject({ focus: 0, attempt: 0, busy: false });
    // a name given on the command line: the PIN first
    expect(initialCentre(2026, { name: 'Lan' }).login).toMatchObject({ focus: 1, name: { text: 'Lan' } });
  });
});
