// A GSM/3G/4G modem as the app sees it, whatever drives it: drivers/modem/serial.ts (AT commands on
// its serial port). The sender (src/app/sms/sender.ts) only sees this interface; tests run it
// against an AT emulator on a PTY pair.
import type { PinState, Registration, Signal } from '../core/sms/at.js';

export interface ModemConfig {
  name: string;
  /** The AT port, e.g. /dev/ttyUSB2 or its /dev/serial/by-id/ name. */
  port: string;
  baudRate: number;
  /** The SIM's PIN when it asks for one; read from its owner-only file, never logged. */
  pin: string | null;
}

export interface ModemInfo {
  /** ready: text messages can go; noNetwork: not registered; sim: locked, missing or failing. */
  state: 'ready' | 'noNetwork' | 'sim';
  pin: PinState;
  signal: Signal | null;
  registration: Registration;
  operator: string | null;
  model: string | null;
}

/**
 * Why a modem did not take a message:
 * - unplugged: the port is gone or cannot be opened; busy: another process holds it;
 * - timeout: no answer in time; io: the line failed;
 * - sim: the SIM is locked, missing or refused the PIN (nothing is tried with the PIN again);
 * - network: the network could not take it now (+CMS ERROR of that kind), try later;
 * - rejected: this message is refused (its number, its content); sending it again will not help.
 */
export type ModemFailure = 'unplugged' | 'busy' | 'timeout' | 'io' | 'sim' | 'network' | 'rejected';

export class ModemError extends Error {
  constructor(
    readonly failure: ModemFailure,
    /** The +CMS / +CME ERROR code, when the modem gave one. */
    readonly code: number | null = null,
    /** The PDU's end had gone to the modem when this happened: the network may have the message. */
    readonly maybeSent = false,
    readonly detail = '',
  ) {
    super(`modem ${failure}${code !== null ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`);
    this.name = 'ModemError';
  }
}

export interface SmsModem {
  readonly config: ModemConfig;
  /** Open and set up the modem (echo off, numeric errors, the PIN if asked, PDU mode, delivery reports to this line). */
  open(): Promise<ModemInfo>;
  /** Signal, registration and the SIM's state now. */
  status(): Promise<ModemInfo>;
  /**
   * Send one SMS-SUBMIT PDU and resolve with the message reference (TP-MR) the modem gives it.
   * `beforeSubmit` runs (synchronously) after the modem asked for the PDU and before its last byte
   * goes: up to there nothing can have been sent. Rejects with ModemError.
   */
  send(pdu: { hex: string; length: number }, beforeSubmit: () => void): Promise<number>;
  /** Delivery reports (+CDS) as the PDU's hex; the line going away. */
  on(event: 'report', listener: (pdu: string) => void): void;
  on(event: 'closed', listener: (detail: string) => void): void;
  close(): Promise<void>;
}
