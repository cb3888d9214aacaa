// The centre's screen (`luudong centre screen`): the fleet's figures for a year, cut by vehicle,
// commune, procedure, field, week or month (keys 1-6), a year back or on (←/→), scrolled (↑/↓,
// PgUp/PgDn), refreshed (R). A small view of its own: the counter screen's screen layer is being
// rebuilt (issue 12), and this view joins it once it has landed. It reads through a function the
// caller gives (the centre's app layer), never SQL; only the visible lines are drawn.
import { Box, Text, useApp, useInput } from 'ink';
import { useCallback, useEffect, useState } from 'react';
import { DIMENSIONS, type Dimension } from '../centre/core/figures.js';
import type { MessageKey } from '../i18n/index.js';
import { Line } from './components.js';
import { useText } from './context.js';
import { useTerminalSize } from './useTerminalSize.js';

export interface CentreScreenProps {
  /** The report's lines for a dimension and a year, at most `width` columns each. */
  load: (by: Dimension, year: number, width: number) => Promise<string[]>;
  year: number;
  /** The centre's name or address, for the header. */
  title: string;
}

export function CentreScreen({ load, year: firstYear, title }: CentreScreenProps) {
  const { t } = useText();
  const { exit } = useApp();
  const { cols: width, rows: height } = useTerminalSize();
  const [by, setBy] = useState<Dimension>('vehicle');
  const [year, setYear] = useState(firstYear);
  const [lines, setLines] = useState<string[]>([]);
  const [scroll, setScroll] = useState(0);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const [nonce, setNonce] = useState(0);
  const bodyHeight = Math.max(1, height - 4); // header, status, key bar, one spare (Ink never clears)

  const refresh = useCallback(() => setNonce((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    setStatus({ error: false, text: t('centre.screen.loading') });
    load(by, year, width).then(
      (l) => {
        if (!live) return;
        setLines(l);
        setScroll(0);
        setStatus(null);
      },
      (e: unknown) => live && setStatus({ error: true, text: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [by, year, width, nonce, load, t]);

  const maxScroll = Math.max(0, lines.length - bodyHeight);
  useInput((input, key) => {
    const i = '123456'.indexOf(input);
    if (i >= 0) return setBy(DIMENSIONS[i] as Dimension);
    if (key.leftArrow) return setYear((y) => y - 1);
    if (key.rightArrow) return setYear((y) => y + 1);
    if (key.upArrow) return setScroll((s) => Math.max(0, s - 1));
    if (key.downArrow) return setScroll((s) => Math.min(maxScroll, s + 1));
    if (key.pageUp) return setScroll((s) => Math.max(0, s - bodyHeight));
    if (key.pageDown) return setScroll((s) => Math.min(maxScroll, s + bodyHeight));
    if (input === 'r' || input === 'R') return refresh();
    if (input === 'q' || input === 'Q' || key.escape || (key.ctrl && input === 'c')) exit();
  });

  const header = `${t('centre.screen.title', { year, by: t(`centre.dim.${by}` as MessageKey) })} · ${title}`;
  const dims = DIMENSIONS.map((d, i) => `${i + 1} ${t(`centre.dim.${d}` as MessageKey)}`).join(' ');
  const bar = `${dims}  ←→ ${t('centre.screen.year')} R ${t('centre.screen.refresh')} Q ${t('centre.screen.quit')}`;
  const visible = lines.slice(Math.min(scroll, maxScroll), Math.min(scroll, maxScroll) + bodyHeight);
  return (
    <Box flexDirection="column" width={width} height={height - 1}>
      <Line text={header.slice(0, width).padEnd(width)} inverse bold />
      {status ? <Line text={status.text} {...(status.error ? { color: 'red' } : { color: 'cyan' })} /> : <Text> </Text>}
      <Box flexDirection="column" height={bodyHeight}>
        {visible.map((l, k) => (
          <Line key={k} text={l || ' '} />
        ))}
      </Box>
      <Line text={bar.slice(0, width).padEnd(width)} inverse />
    </Box>
  );
}
