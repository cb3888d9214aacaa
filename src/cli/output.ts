// Text and JSON shapes printed by the CLI.
import { chalkStderr } from 'chalk';
import { writeSync } from 'node:fs';
import type { IssueResult } from '../app/counterApp.js';
import type { CounterApp } from '../app/counterApp.js';
import { figuresLines, fmtDuration, groupName, issuedText as issued, ticketJson } from '../app/present.js';
import type { Lang } from '../core/lang.js';
import type { Figures } from '../core/queue/figures.js';
import type { Ticket } from '../core/queue/types.js';
import { hhmm, displayDate } from '../core/time.js';
import { formatCounterSpec, type Trip } from '../core/trip.js';
import type { Translate } from '../i18n/index.js';
import { DomainError } from '../core/errors.js';
import { escapeJsonText, escapeTerminal } from '../core/text.js';

/**
 * Synchronous writes: a CLI run that exits right after printing must not lose its output. A pipe
 * (non-blocking once Node has looked at it) takes a large write in parts, or none while its reader
 * is behind (EAGAIN): write on until every byte is out.
 */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let off = 0; off < bytes.length; ) {
    try {
      off += writeSync(fd, bytes, off);
    } catch (e) {
      if ((e as { code?: string }).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2); // let the reader catch up
    }
  }
}

/**
 * Everything the CLI writes goes through here, escaped: names, addresses, notes, scanned text and
 * error messages can hold what came from outside, and a control character (ESC, the 8-bit CSI
 * U+009B) or a bidi override in them must show as text, never act on the terminal. A CSV's leading
 * byte order mark is kept (Excel needs it).
 */
export function safeText(text: string): string {
  return text.startsWith('\uFEFF') ? '\uFEFF' + escapeTerminal(text.slice(1)) : escapeTerminal(text);
}

export function print(text: string | string[]): void {
  // escaped with its final line feed: a CSV's last CR ends a line, it is not a bare control
  writeAll(1, safeText((Array.isArray(text) ? text.join('\n') : text) + '\n'));
}

/** A value as JSON for --json: indented, with the characters a terminal would act on as \u escapes. */
export function printJson(value: unknown): void {
  writeAll(1, escapeJsonText(JSON.stringify(value, null, 2)) + '\n');
}

/** Errors in red where the terminal shows colour (chalk honours NO_COLOR and pipes). */
export function printErr(text: string): void {
  writeAll(2, chalkStderr.red(safeText(text)) + '\n');
}

/** An informative line on stderr (stdout carries the result, or the JSON). */
export function note(text: string): void {
  writeAll(2, safeText(text) + '\n');
}

/** Raw bytes on stderr for a progress bar redrawn in place: the text in it is escaped, the controls are ours. */
export function drawErr(before: string, text: string, after = ''): void {
  writeAll(2, before + safeText(text) + after);
}

export const ticketOut = (t: Ticket) => ticketJson(t);

export function tripJson(t: Trip) {
  return { ...t, openedAt: new Date(t.openedAt).toISOString(), closedAt: t.closedAt === null ? null : new Date(t.closedAt).toISOString(), state: t.closedAt === null ? 'open' : 'closed' };
}

export function groupLabel(a: CounterApp, lang: Lang, code: string): string {
  const g = a.data.groups.find((x) => x.code === code);
  return g ? `${g.prefix} ${g.name[lang]}` : code;
}

export function tripText(t: Translate, lang: Lang, a: CounterApp, tr: Trip): string[] {
  return [
    t('show.tripLine', { id: tr.id, state: t(tr.closedAt === null ? 'trip.open' : 'trip.closed'), place: tr.place, commune: tr.commune, date: displayDate(tr.date), start: tr.start, end: tr.end }),
    t('show.operatorsLine', { names: tr.operators.join(', ') }),
    ...tr.counters.map((c) =>
      t('show.counterLine', {
        counter: t('label.counter', { no: c.no }),
        groups: `${formatCounterSpec(c, a.data.groups)}  (${c.groups.map((g) => groupName(a.data.groups, g, lang)).join(', ')})`,
      }),
    ),
  ];
}

export function issuedText(t: Translate, lang: Lang, a: CounterApp, r: IssueResult): string {
  return issued(t, lang, a.data, r);
}

export function queueList(t: Translate, lang: Lang, a: CounterApp): { json: unknown; text: string[] } {
  const trip = a.currentTrip();
  if (!trip) throw new DomainError('err.noOpenTrip');
  const state = a.queueState();
  const counters = trip.counters.map((c) => ({ counter: c.no, ticket: state.currentAt(c.no) ?? null }));
  const groups = a.data.groups.map((g) => ({ group: g, line: a.waitingLine(g.code) })).filter((x) => x.line.length > 0);
  const text: string[] = [];
  for (const c of counters) text.push(t('cli.list.counterLine', { counter: t('label.counter', { no: c.counter }), ticket: c.ticket ? `${c.ticket.label} (${t(`status.${c.ticket.status}`)})` : t('label.idle') }));
  for (const { group, line } of groups) {
    text.push(t('cli.list.groupLine', { prefix: group.prefix, group: group.name[lang], n: line.length }));
    for (const w of line) text.push(t('cli.list.ticketLine', { ticket: w.ticket.label, star: w.ticket.priority ? '*' : ' ', time: hhmm(w.ticket.issuedAt), ahead: w.ahead, wait: fmtDuration(t, w.estimateMs) }));
  }
  if (groups.length === 0) text.push(t('tui.noneWaiting'));
  return {
    json: {
      trip: trip.id,
      counters: counters.map((c) => ({ counter: c.counter, ticket: c.ticket ? ticketJson(c.ticket) : null })),
      waiting: groups.map(({ group, line }) => ({
        group: group.code,
        prefix: group.prefix,
        tickets: line.map((w) => ({ ...ticketJson(w.ticket), ahead: w.ahead, estimateMinutes: w.estimateMs === undefined ? null : Math.round(w.estimateMs / 60000) })),
      })),
      parked: state.byStatus('parked').map(ticketJson),
      noShows: state.byStatus('no_show').map(ticketJson),
    },
    text,
  };
}

export function figuresText(t: Translate, lang: Lang, a: CounterApp, f: Figures): string[] {
  return [t('fig.title'), ...figuresLines(t, lang, f, a.data.groups, 100)];
}
