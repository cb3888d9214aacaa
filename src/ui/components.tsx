// Small presentational pieces of the counter screen, and the one component that draws a screen's
// view (plain data, see screen.ts). No input handling here (see keys/input.ts).
import { Box, Text } from 'ink';
import { memo } from 'react';
import { layLines, wrapLine } from './layout.js';
import type { Status, View, ViewLine } from './screen.js';
import { escapeTerminal } from '../core/text.js';

export type { Status };

/**
 * The screen's one text component: whatever it is given (a name from a scanned card, a note from the
 * office's file, a scan's raw text) is escaped, so a control character or a bidi override shows as
 * text instead of acting on the terminal.
 */
export const Line = memo(function Line({ text, bold, inverse, dim, color, cursor }: { text: string; bold?: boolean; inverse?: boolean; dim?: boolean; color?: string; cursor?: number }) {
  const style = { bold: !!bold, inverse: !!inverse, dimColor: !!dim, ...(color ? { color } : {}) };
  if (cursor !== undefined) {
    // A field's cursor inside its text: the character under it in reverse video. Each part is escaped
    // on its own, so the cursor stays on the character it was given for.
    const cs = [...text];
    return (
      <Text wrap="truncate-end" {...style}>
        {escapeTerminal(cs.slice(0, cursor).join(''))}
        <Text inverse>{escapeTerminal(cs[cursor] ?? ' ')}</Text>
        {escapeTerminal(cs.slice(cursor + 1).join(''))}
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end" {...style}>
      {escapeTerminal(text)}
    </Text>
  );
});

function ViewLineRow({ line }: { line: ViewLine }) {
  // An empty Text takes no row in Ink: a blank line is a space.
  if (typeof line === 'string') return <Line text={line || ' '} />;
  return <Line text={line.text || ' '} {...(line.bold ? { bold: true } : {})} {...(line.dim ? { dim: true } : {})} {...(line.color ? { color: line.color } : {})} {...(line.cursor !== undefined ? { cursor: line.cursor } : {})} />;
}

/** The key bar: what the binding table says matters now (see bindings.ts keyBar). */
export const KeyBar = memo(function KeyBar({ text, width }: { text: string; width: number }) {
  return <Line text={text.padEnd(width)} inverse />;
});

export const StatusLine = memo(function StatusLine({ status }: { status: Status }) {
  if (!status) return <Text> </Text>;
  if (status.kind === 'error') return <Line text={`! ${status.text}`} color="red" bold />;
  return <Line text={status.text} color={status.kind === 'ok' ? 'green' : 'cyan'} bold={status.kind === 'ok'} />;
});

/** A bordered box of lines, used for dialogs and the help overlay. */
export function Dialog({ title, lines, width, height, footer }: { title: string; lines: readonly ViewLine[]; width: number; height: number; footer?: string | undefined }) {
  // a long title (a procedure's name in it) wraps like the lines: never cut
  const heads = wrapLine(title, width - 4);
  const inner = Math.max(1, height - 2 - (footer ? 1 : 0) - heads.length);
  // inside the border and the padding: lines too long wrap, lines that do not fit say so (layout.ts)
  const { rows } = layLines(lines, width - 4, inner);
  return (
    <Box flexDirection="column" borderStyle="single" width={width} height={height} paddingX={1}>
      {heads.map((h, i) => (
        <Line key={`t${i}`} text={h} bold />
      ))}
      {rows.map((l, i) => (
        <ViewLineRow key={i} line={l} />
      ))}
      <Box flexGrow={1} />
      {footer ? <Line text={footer} dim /> : null}
    </Box>
  );
}

/** A screen's view in the body of the screen (`width` × `height`). */
export function ViewBody({ view, width, height }: { view: View; width: number; height: number }) {
  if (view.frame === 'box') return <Dialog title={view.title ?? ''} lines={view.lines} width={Math.min(width, view.width ?? width)} height={Math.min(height, view.height ?? height)} footer={view.footer} />;
  return (
    <Box flexDirection="column">
      {layLines(view.lines, width, height).rows.map((l, i) => (
        <ViewLineRow key={i} line={l} />
      ))}
    </Box>
  );
}

/**
 * A view that takes the whole terminal (frame 'full'): a QR code's rows black on white at the left,
 * whatever the terminal's colours (a banking app reads dark on light), and beside it the view's
 * lines, then the status line and the key bar, wrapped to the room left.
 */
export function FullView({ view, width, height, status, bar }: { view: View; width: number; height: number; status: Status; bar: string }) {
  const qr = view.qr ?? [];
  const qrWidth = qr.reduce((w, r) => Math.max(w, [...r].length), 0);
  const room = Math.max(1, width - qrWidth - 2);
  const statusLine: ViewLine[] = status ? [{ text: status.kind === 'error' ? `! ${status.text}` : status.text, color: status.kind === 'error' ? 'red' : status.kind === 'ok' ? 'green' : 'cyan', bold: true }] : [];
  const side = layLines([...view.lines, '', ...statusLine, { text: bar, dim: true }], room, height).rows;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {Array.from({ length: Math.min(height, Math.max(qr.length, side.length)) }, (_, i) => (
        <Box key={i} width={width}>
          {i < qr.length ? (
            <Text color="black" backgroundColor="white">
              {(qr[i] as string).padEnd(qrWidth)}
            </Text>
          ) : (
            <Text>{' '.repeat(qrWidth)}</Text>
          )}
          <Text> </Text>
          <ViewLineRow line={side[i] ?? ''} />
        </Box>
      ))}
    </Box>
  );
}
