// The centre's screen unit: its binding table drives the keys, the key bar and the help.
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../src/centre/core/figures.js';
import { translator } from '../../src/i18n/index.js';
import { CENTRE_BINDINGS, centreHelpLines, centreKey, centreKeyBar, centreTitle, initialCentre, type CentreState } from '../../src/ui/centre/screen.js';
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
      for (const b of CENTRE_BINDINGS.filter((x) => x.bar !== undefined)) expect(bar).toContain(t(b.label));
      const help = centreHelpLines(t).join('\n');
      for (const b of CENTRE_BINDINGS) expect(help).toContain(b.id === 'yearBack' ? t('centre.screen.yearBack') : t(b.label));
      for (const d of DIMENSIONS) expect(help).toContain(t(`centre.dim.${d}`));
      for (const l of centreHelpLines(t)) expect([...l].length).toBeLessThanOrEqual(80);
      // a long centre name is left out of the header rather than cut
      const long = centreTitle(t, initialCentre(2026), 'Trung tâm Phục vụ hành chính công thành phố Hà Nội, chi nhánh lưu động', 80);
      expect(long).toBe(t('centre.screen.title', { year: 2026, by: t('centre.dim.vehicle') }));
      expect(centreTitle(t, initialCentre(2026), 'TT HCC', 80)).toContain('TT HCC');
    });
  }
});
