// @ts-nocheck
// An ESC/POS thermal printer for tests: it answers DLE EOT status queries from a state the test sets
// (paper out, cover open, ...) and records every other byte, on a real serial line (a PTY pair made
// by socat) or on a TCP port. It can also be "unplugged" in the middle of a job.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { SerialPort } from 'serialport';

export interface EmulatedState {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  error: boolean;
}

const DLE = 0x10;
const EOT = 0x04;
/** The bits every DLE EOT answer has set (bit1, bit4). */
const ANSWER_BASE = 0b0001_0010;

export class PrinterEmulator {
  readonly state: EmulatedState = { online: true, coverOpen: false, paperNearEnd: false, paperOut: false, error: false };
  /** A printer that is switched off: it never answers (what it is sent is still recorded). */
  silent: boolean;
  /** How many DLE EOT queries it has answered. */
  answered = 0;
  private chunks: Buffer[] = [];
  private length = 0;
  private watchers: { bytes: number; then: () => void }[] = [];

  constructor(opts: { silent?: boolean } = {}) {
    this.silent = opts.silent ?? false;
  }

  /** Every byte received except the DLE EOT queries (answered or not). */
  get received(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /**
   * Run `then` as soon as `bytes` bytes of data have been received, before the emulator reads on:
   * a state it changes is what the next query is answered with.
   */
  onReceived(bytes: number, then: () => void): void {
    if (this.length >= bytes) then();
    else this.watchers.push({ bytes, then });
  }

  /**
   * The answer to DLE EOT n as an Epson printer gives it. The printer goes offline by itself while
   * its cover is open, its paper is out or it has an error, so the offline bit says so too.
   */
  statusByte(n: number): number {
    const s = this.state;
    switch (n) {
      case 1:
        return ANSWER_BASE | (!s.online || s.coverOpen || s.paperOut || s.error ? 0x08 : 0);
      case 2:
        return ANSWER_BASE | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0) | (s.error ? 0x40 : 0);
      case 4:
        return ANSWER_BASE | (s.paperNearEnd ? 0x0c : 0) | (s.paperOut ? 0x60 : 0);
      default: // n = 3, error cause: none that this emulator models
        return ANSWER_BASE;
    }
  }

  /** Read a byte stream from the host: answer DLE EOT 1-4, record everything else. */
  attach(stream: Duplex): void {
    // Bytes that may start a query (DLE, or DLE EOT), held until the next byte says; per stream,
    // because a query may be split across reads.
    let held: number[] = [];
    stream.on('data', (chunk: Buffer) => {
      const out = Buffer.allocUnsafe(chunk.length + 2);
      let n = 0;
      for (const b of chunk) {
        if (held.length === 2 && b >= 1 && b <= 4) {
          held = [];
          this.record(out.subarray(0, n)); // first the data before the query, as a printer would
          n = 0;
          this.answer(stream, b);
          continue;
        }
        if (held.length === 1 && b === EOT) {
          held.push(b);
          continue;
        }
        for (const h of held) out[n++] = h; // not a query after all: data
        held = [];
        if (b === DLE) held.push(b);
        else out[n++] = b;
      }
      this.record(out.subarray(0, n));
    });
  }

  private answer(stream: Duplex, n: number): void {
    if (this.silent || !stream.writable) return;
    this.answered++;
    stream.write(Buffer.of(this.statusByte(n)));
  }

  private record(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.chunks.push(Buffer.from(bytes));
    this.length += bytes.length;
    const due = this.watchers.filter((w) => this.length >= w.bytes);
    this.watchers = this.watchers.filter((w) => this.length < w.bytes);
    for (const w of due) w.then();
  }
}

export interface SerialEmulator {
  /** The printer's end of the line: what SerialTransport opens. */
  path: string;
  emulator: PrinterEmulator;
  /** Pull the cable: socat dies, and with it both ends of the line. */
  unplug(): Promise<void>;
  /** Pull the cable once this many bytes of data have arrived (to cut a job in the middle). */
  unplugAfter(bytes: number): void;
  stop(): Promise<void>;
}

/** A printer on a real serial line: a PTY pair joined by socat, the emulator on one end. */
export async function startSerialEmulator(opts: { silent?: boolean } = {}): Promise<SerialEmulator> {
  const dir = await mkdtemp(join(tmpdir(), 'luudong-printer-'));
  const path = join(dir, 'printer');
  const emuPath = join(dir, 'emu');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${path}`, `pty,raw,echo=0,link=${emuPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => socat.once('close', () => resolve()));
  await socatReady(socat);
  const emulator = new PrinterEmulator(opts);
  const port = new SerialPort({ path: emuPath, baudRate: 9600, autoOpen: false });
  port.on('error', () => undefined); // the line dies with socat when unplugged: expected
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  emulator.attach(port);
  const unplug = async () => {
    if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGKILL');
    await exited;
  };
  return {
    path,
    emulator,
    unplug,
    unplugAfter: (bytes) => emulator.onReceived(bytes, () => void unplug()),
    stop: async () => {
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
      await unplug();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** socat has made both PTYs and their links once it logs the start of its transfer loop. */
function socatReady(socat: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`socat did not start: ${log}`)), 5000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      socat.kill('SIGKILL');
      reject(e);
    };
    const exitedEarly = () => fail(new Error(`socat exited: ${log}`));
    socat.once('error', fail); // socat not installed
    socat.once('exit', exitedEarly);
    socat.stderr?.on('data', (chunk: Buffer) => {
      if (log.includes('starting data transfer loop')) return; // keep the pipe drained, nothing more
      log += chunk.toString();
      if (!log.includes('starting data transfer loop')) return;
      clearTimeout(timer);
      socat.off('exit', exitedEarly);
      socat.off('error', fail);
      resolve();
    });
  });
}

export interface TcpEmulator {
  port: number;
  emulator: PrinterEmulator;
  /** Reset every open connection, as a printer does when it is switched off or its cable pulled. */
  unplug(): void;
  /** Reset the connection once this many bytes of data have arrived (to cut a job in the middle). */
  unplugAfter(bytes: number): void;
  /** Connections open to the printer now. */
  connections(): number;
  stop(): Promise<void>;
}

/** A network printer on 127.0.0.1 (any free port). */
export async function startTcpEmulator(opts: { silent?: boolean } = {}): Promise<TcpEmulator> {
  const emulator = new PrinterEmulator(opts);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined); // a host that goes away mid-job is what some tests do
    emulator.attach(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the emulator has no TCP port');
  const unplug = () => {
    for (const s of sockets) s.resetAndDestroy();
  };
  return {
    port: address.port,
    emulator,
    unplug,
    unplugAfter: (bytes) => emulator.onReceived(bytes, unplug),
    connections: () => sockets.size,
    stop: () =>
      new Promise<void>((resolve) => {
        unplug();
        server.close(() => resolve());
      }),
  };
}
