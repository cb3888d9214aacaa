// What every group of CLI commands is given by src/cli/index.ts: the program, the language, the
// wrapper that prints an action's result, and the app opened on first use. A module of its own, so
// that one group of commands does not import another for it.
import { Option, type Command } from 'commander';
import { parseDate } from '../core/citizen.js';
import { DomainError } from '../core/errors.js';
import type { Luudong } from '../app/luudong.js';
import type { CounterApp } from '../app/counterApp.js';
import type { RemoteLuudong } from '../hub/remote.js';
import type { Lang } from '../core/lang.js';
import type { Translate } from '../i18n/index.js';

/** What a command prints; `failed`: it printed its report but something it checked is wrong (exit 1). */
/**
 * What a command prints; `failed`: it printed its report but something it checked is wrong (exit 1);
 * `exitCode`: another code it means (3: checked, but not against a key it can trust).
 */
export type Printed = { json: unknown; text: string | string[]; failed?: boolean; exitCode?: number };
/** Wraps an action: prints its result (text or --json), turns refusals into messages and exit code 1. */
export type Act = <A extends unknown[]>(fn: (cmd: Command, ...args: A) => Printed | Promise<Printed>) => (...args: unknown[]) => Promise<void>;

export interface CliContext {
  program: Command;
  queue: Command;
  t: Translate;
  lang: Lang;
  act: Act;
  app: (cmd: Command) => Luudong;
  /** The counter's use cases: this laptop's, or the hub's with --hub. */
  capp?: (cmd: Command) => CounterApp;
  /** With --hub: the hub's app as this workstation sees it (its own printers and scanners); otherwise undefined. */
  remote?: (cmd: Command) => RemoteLuudong | undefined;
  int: (v: string) => number;
}

/**
 * A date option's value: typed as on the counter screen (23/11/2026, 1/2/1985, 23.11.2026) or as
 * yyyy-mm-dd for scripts; handed on as yyyy-mm-dd. A date that does not exist is refused with the
 * operator's message.
 */
export function cliDate(v: string): string {
  const d = parseDate(v);
  if (!d) throw new DomainError('err.tripDate', { value: v });
  return d;
}

/** A date option (`--date <dd/mm/yyyy>`), parsed by cliDate. */
export function dateOption(flags: string, description: string, mandatory = false): Option {
  const o = new Option(flags, description).argParser(cliDate);
  return mandatory ? o.makeOptionMandatory() : o;
}
