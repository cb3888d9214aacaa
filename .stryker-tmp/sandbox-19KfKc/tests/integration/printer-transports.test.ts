// @ts-nocheck
// The printer transports against emulated printers: a serial printer on a real PTY line (socat), a
// network printer on a local TCP port, and files standing in for the USB device and the preview.
import { mkdtemp, readdir, readFile, readlink, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CupsTransport } from '../../drivers/printer/cups.js';
import { FileTransport } from '../../drivers/printer/file.js';
import { openTransport } from '../../drivers/printer/index.js';
import { NetworkTransport, parseNetworkTarget } from '../../drivers/printer/network.js';
import { SerialTransport } from '../../drivers/printer/serial.js';
import { UsbLpTransport } from '../../drivers/printer/usb.js';
import { PrinterError, type PrinterConfig, type PrinterTransport, type PrintFailure, type PrintPayload } from '../../src/ports/printer.js';
import { type EmulatedState, type SerialEmulator, startSerialEmulator, startTcpEmulator, type TcpEmulator } from '../helpers/printer-emulator.js';

const config = (kind: PrinterConfig['kind'], target: string): PrinterConfig => ({ name: 'test', kind, target, paper: '80', profile: 'tcvn3' });
const escpos = (bytes: Uint8Array): PrintPayload => ({ bytes, mime: 'application/vnd.escpos', title: 'test' });

/** A slip: initialise, a line of text, feed and cut. */
const SLIP = escpos(Buffer.from('\x1b@Phieu hen 000.00.20.H26-261123-0001\n\x1bd\x03\x1dV\x00', 'latin1'));

/** A big raster-like job (~200 KB) with no DLE in it, so no part of it reads as a status query. */
function bigJob(size = 200_000): PrintPayload {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  for (let i = 0; i < size; i++) if (bytes[i] === 0x10) bytes[i] = 0x11;
  return escpos(bytes);
}

/** The PrinterError a promise rejects with; fails the test if it resolves or rejects otherwise. */
async function failureOf(p: Promise<unknown>): Promise<PrintFailure> {
  const outcome = await p.then(
    () => new Error('resolved, expected a PrinterError'),
    (e: unknown) => e,
  );
  if (outcome instanceof PrinterError) return outcome.failure;
  throw outcome;
}

const NOT_READY: [keyof EmulatedState, boolean, PrintFailure][] = [
  ['paperOut', true, 'paperOut'],
  ['coverOpen', true, 'coverOpen'],
  ['error', true, 'error'],
  ['online', false, 'offline'],
];

/** What both two-way transports must do, whatever the link. */
function twoWayContract(
  start: () => Promise<{
    emulator: TcpEmulator['emulator'];
    transport: PrinterTransport;
    unplugAfter(bytes: number): void;
    /** How many handles on the printer's line are open now (file descriptors, connections). */
    held(): Promise<number>;
    /** How many the transport keeps open between jobs (serial keeps its port; network connects per job). */
    heldBetweenJobs: number;
  }>,
): void {
  let env: Awaited<ReturnType<typeof start>>;
  beforeEach(async () => {
    env = await start();
  });

  it('delivers a job byte for byte and reads the status', async () => {
    await env.transport.print(SLIP);
    expect(env.emulator.received).toEqual(Buffer.from(SLIP.bytes));
    expect(env.emulator.answered).toBe(6); // DLE EOT 1, 2, 4 before the job and again after it
    expect(await env.transport.status()).toEqual({ online: true, coverOpen: false, paperNearEnd: false, paperOut: false, error: false });
  });

  it.each(NOT_READY)('sends nothing while %s is %s: %s', async (field, value, failure) => {
    env.emulator.state[field] = value;
    expect(await failureOf(env.transport.print(SLIP))).toBe(failure);
    expect(env.emulator.received.length).toBe(0);
  });

  it('prints the next job once the paper is back, and it arrives once', async () => {
    env.emulator.state.paperOut = true;
    expect(await failureOf(env.transport.print(SLIP))).toBe('paperOut');
    env.emulator.state.paperOut = false;
    await env.transport.print(SLIP);
    expect(env.emulator.received).toEqual(Buffer.from(SLIP.bytes));
  });

  it('prints with the paper near its end, and says so', async () => {
    env.emulator.state.paperNearEnd = true;
    await env.transport.print(SLIP);
    expect(env.emulator.received).toEqual(Buffer.from(SLIP.bytes));
    expect(await env.transport.status()).toMatchObject({ paperNearEnd: true, paperOut: false, online: true });
  });

  it('rejects a job after which the printer reports its paper out', async () => {
    const job = bigJob(20_000);
    env.emulator.onReceived(job.bytes.length, () => {
      env.emulator.state.paperOut = true;
    });
    expect(await failureOf(env.transport.print(job))).toBe('paperOut');
  });

  it('a big job arrives byte for byte', async () => {
    const job = bigJob();
    await env.transport.print(job);
    expect(env.emulator.received.equals(job.bytes)).toBe(true);
  });

  it('a printer that never answers is a timeout within 2 s, and nothing is sent', async () => {
    env.emulator.silent = true;
    const t0 = Date.now();
    expect(await failureOf(env.transport.print(SLIP))).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(env.emulator.received.length).toBe(0);
    // Switched back on: the next job goes through (on serial, over a port opened afresh).
    env.emulator.silent = false;
    await env.transport.print(SLIP);
    expect(env.emulator.received).toEqual(Buffer.from(SLIP.bytes));
  });

  it('a link cut in the middle of a big job rejects, never resolves', async () => {
    const job = bigJob();
    env.unplugAfter(50_000);
    expect(['io', 'unreachable']).toContain(await failureOf(env.transport.print(job)));
    expect(env.emulator.received.length).toBeLessThan(job.bytes.length);
  });

  it('close() is safe to call twice, releases the line, and the next job opens it afresh', async () => {
    await env.transport.print(SLIP);
    expect(await eventually(env.held, env.heldBetweenJobs)).toBe(env.heldBetweenJobs);
    await expect(env.transport.close()).resolves.toBeUndefined();
    await expect(env.transport.close()).resolves.toBeUndefined();
    await expect(Promise.all([env.transport.close(), env.transport.close()])).resolves.toEqual([undefined, undefined]);
    expect(await eventually(env.held, 0)).toBe(0);
    await env.transport.print(SLIP);
    expect(env.emulator.received).toEqual(Buffer.concat([SLIP.bytes, SLIP.bytes]));
    expect(await eventually(env.held, env.heldBetweenJobs)).toBe(env.heldBetweenJobs);
  });
}

describe('SerialTransport on a PTY line', () => {
  let line: SerialEmulator;
  let transport: SerialTransport;
  afterEach(async () => {
    await transport.close();
    await line.stop();
  });

  twoWayContract(async () => {
    line = await startSerialEmulator();
    transport = new SerialTransport(config('serial', line.path));
    const device = await realpath(line.path);
    return { emulator: line.emulator, transport, unplugAfter: (bytes) => line.unplugAfter(bytes), held: () => descriptorsOn(device), heldBetweenJobs: 1 };
  });

  it('keeps the port open between jobs, and reports a printer unplugged since as unreachable', async () => {
    line = await startSerialEmulator();
    transport = new SerialTransport(config('serial', line.path));
    await transport.print(SLIP);
    await transport.print(SLIP);
    expect(line.emulator.received).toEqual(Buffer.concat([SLIP.bytes, SLIP.bytes]));
    await line.unplug();
    expect(['io', 'unreachable']).toContain(await failureOf(transport.print(SLIP)));
    expect(await failureOf(transport.print(SLIP))).toBe('unreachable'); // the device is gone
  });

  it('no such device is unreachable', async () => {
    line = await startSerialEmulator();
    transport = new SerialTransport(config('serial', `${line.path}-missing`));
    expect(await failureOf(transport.print(SLIP))).toBe('unreachable');
    expect(await failureOf(transport.status())).toBe('unreachable');
  });
});

describe('NetworkTransport on a local TCP port', () => {
  let printer: TcpEmulator;
  let transport: NetworkTransport;
  afterEach(async () => {
    await transport.close();
    await printer.stop();
  });

  twoWayContract(async () => {
    printer = await startTcpEmulator();
    transport = new NetworkTransport(config('network', `127.0.0.1:${printer.port}`));
    return { emulator: printer.emulator, transport, unplugAfter: (bytes) => printer.unplugAfter(bytes), held: async () => printer.connections(), heldBetweenJobs: 0 };
  });

  it('a print box that never answers DLE EOT: refused with the check on (timeout), printed with it off', async () => {
    printer = await startTcpEmulator({ silent: true });
    transport = new NetworkTransport(config('network', `127.0.0.1:${printer.port}`), { statusTimeoutMs: 300 });
    expect(await failureOf(transport.print(SLIP))).toBe('timeout');
    expect(printer.emulator.received.length).toBe(0); // nothing sent to a printer that cannot say it is ready
    await transport.close();
    transport = new NetworkTransport({ ...config('network', `127.0.0.1:${printer.port}`), statusCheck: false }, { statusTimeoutMs: 300 });
    const arrived = new Promise<void>((ok) => printer.emulator.onReceived(SLIP.bytes.length, ok));
    await transport.print(SLIP);
    await arrived;
    expect(printer.emulator.received.equals(Buffer.from(SLIP.bytes))).toBe(true);
    expect(printer.emulator.answered).toBe(0);
  });

  it('nothing listening on the port is unreachable', async () => {
    printer = await startTcpEmulator();
    const free = await freePort();
    transport = new NetworkTransport(config('network', `127.0.0.1:${free}`));
    expect(await failureOf(transport.print(SLIP))).toBe('unreachable');
    expect(await failureOf(transport.status())).toBe('unreachable');
  });
});

describe('printer addresses', () => {
  it('reads host, port and IPv6 forms, 9100 by default', () => {
    expect(parseNetworkTarget('192.168.1.87')).toEqual({ host: '192.168.1.87', port: 9100 });
    expect(parseNetworkTarget(' printer.local:9101 ')).toEqual({ host: 'printer.local', port: 9101 });
    expect(parseNetworkTarget('[fe80::1]:9100')).toEqual({ host: 'fe80::1', port: 9100 });
    expect(parseNetworkTarget('fe80::1')).toEqual({ host: 'fe80::1', port: 9100 });
  });

  it.each(['', 'host:', 'host:0', 'host:70000', 'a b:9100'])('refuses %j as unreachable', (target) => {
    expect(() => parseNetworkTarget(target)).toThrow(PrinterError);
  });
});

describe('one-way transports', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'luudong-print-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('FileTransport appends each job', async () => {
    const path = join(dir, 'preview.escpos');
    const transport = new FileTransport(config('file', path));
    await transport.print(SLIP);
    await transport.print(escpos(Buffer.from('second')));
    expect(await readFile(path)).toEqual(Buffer.concat([SLIP.bytes, Buffer.from('second')]));
    expect(await transport.status()).toBeNull();
    expect(transport.twoWay).toBe(false);
  });

  it('FileTransport into a missing directory is unreachable', async () => {
    const transport = new FileTransport(config('file', join(dir, 'no-such-dir', 'x.escpos')));
    expect(await failureOf(transport.print(SLIP))).toBe('unreachable');
  });

  it('UsbLpTransport to a missing device is unreachable', async () => {
    const transport = new UsbLpTransport(config('usb', '/dev/usb/lp9'));
    expect(await failureOf(transport.print(SLIP))).toBe('unreachable');
  });

  it('UsbLpTransport writes a big job to the device file', async () => {
    const path = join(dir, 'lp0');
    await writeFile(path, '');
    const transport = new UsbLpTransport(config('usb', path));
    const job = bigJob();
    await transport.print(job);
    expect((await readFile(path)).equals(job.bytes)).toBe(true);
    expect(await transport.status()).toBeNull();
  });
});

describe('openTransport', () => {
  it('picks the transport by how the printer is attached', () => {
    const cases = [
      ['serial', '/dev/ttyUSB0', SerialTransport],
      ['network', '192.168.1.87', NetworkTransport],
      ['usb', '/dev/usb/lp0', UsbLpTransport],
      ['file', '/tmp/x.escpos', FileTransport],
      ['cups', 'slips', CupsTransport],
    ] as const;
    for (const [kind, target, type] of cases) {
      const transport = openTransport(config(kind, target));
      expect(transport).toBeInstanceOf(type);
      expect(transport.config.target).toBe(target);
    }
  });
});

/** This process's open file descriptors on `device` (the serial port's end of the PTY). */
async function descriptorsOn(device: string): Promise<number> {
  let n = 0;
  for (const fd of await readdir('/proc/self/fd')) if ((await readlink(`/proc/self/fd/${fd}`).catch(() => '')) === device) n++;
  return n;
}

/** `f()` once it gives `want`, or its last answer after a second (closing is seen by the other end a moment later). */
async function eventually<T>(f: () => Promise<T>, want: T): Promise<T> {
  const until = Date.now() + 1000;
  let got = await f();
  while (got !== want && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    got = await f();
  }
  return got;
}

/** A port nobody listens on: bound, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
