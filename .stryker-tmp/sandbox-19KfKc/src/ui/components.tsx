// @ts-nocheck
// Small presentational pieces of the counter screen. No input handling here (see keys/useKeys.ts).
import { Box, Text } from 'ink';
import { memo } from 'react';
import { COMMANDS, keyLabel, type CommandName } from './keys/keys.js';
import { useText } from './context.js';

export const Line = memo(function Line({ text, bold, inverse, dim, color }: { text: string; bold?: boolean; inverse?: boolean; dim?: boolean; color?: string }) {
  return (
    <Text wrap="truncate-end" bold={!!bold} inverse={!!inverse} dimColor={!!dim} {...(color ? { color } : {})}>
      {text}
    </Text>
  );
});

/** One line: the few keys that matter now, as many as fit; help (F1) always stays at the end. */
export const KeyBar = memo(function KeyBar({ commands, width }: { commands: readonly CommandName[]; width: number }) {
  const { t } = useText();
  const label = (c: CommandName) => `${keyLabel(COMMANDS[c].keys[0])} ${t(COMMANDS[c].label)}`;
  const tail = commands.includes('help') ? label('help') : '';
  const parts: string[] = [];
  let used = tail.length;
  for (const c of commands) {
    if (c === 'help') continue;
    const part = label(c);
    if (used + part.length + 2 > width) break;
    parts.push(part);
    used += part.length + 2;
  }
  if (tail) parts.push(tail);
  const text = commands.length ? parts.join('  ') : `Esc ${t('key.back')}`;
  return <Line text={text.padEnd(width)} inverse />;
});

export type Status = { kind: 'ok' | 'error' | 'info'; text: string } | null;

export const StatusLine = memo(function StatusLine({ status }: { status: Status }) {
  if (!status) return <Text> </Text>;
  if (status.kind === 'error') return <Line text={`! ${status.text}`} color="red" bold />;
  return <Line text={status.text} color={status.kind === 'ok' ? 'green' : 'cyan'} bold={status.kind === 'ok'} />;
});

/** A bordered box of lines, used for dialogs and the help overlay. */
export function Dialog({ title, lines, width, height, footer }: { title: string; lines: string[]; width: number; height: number; footer?: string }) {
  const inner = Math.max(1, height - 2 - (footer ? 1 : 0) - 1);
  return (
    <Box flexDirection="column" borderStyle="single" width={width} height={height} paddingX={1}>
      <Line text={title} bold />
      {lines.slice(0, inner).map((l, i) => (
        // An empty Text takes no row in Ink: a blank line is a space.
        <Line key={i} text={l || ' '} />
      ))}
      <Box flexGrow={1} />
      {footer ? <Line text={footer} dim /> : null}
    </Box>
  );
}
