// @ts-nocheck
// A thermal printer on the network, raw TCP ("JetDirect", port 9100 by default). Two-way: the
// printer answers DLE EOT on the same connection, so every job is checked before and after it is
// sent. One connection per job: printers take one client at a time, and a connection left open
// would shut out the next laptop.
import { isIPv6, Socket } from 'node:net';
import { PrinterError, type PrinterConfig, type PrinterStatus, type PrinterTransport, type PrintPayload } from '../../src/ports/printer.js';
import { OneAtATime, PrinterLink, printChecked, printUnchecked, readStatus, STATUS_TIMEOUT_MS, type TwoWayIO } from './link.js';

export interface NetworkOptions {
  statusTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** How long one piece of a job may wait to be taken by the connection. */
  writeTimeoutMs?: number;
}

export const DEFAULT_PRINTER_PORT = 9100;
const CHUNK = 16 * 1024;

/** "host", "host:port", "[v6]:port" or a bare IPv6 address; a malformed one is 'unreachable'. */
export function parseNetworkTarget(target: string): { host: string; port: number } {
  const t = target.trim();
  if (isIPv6(t)) return { host: t, port: DEFAULT_PRINTER_PORT };
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(t) ?? /^([^:[\]\s]+)(?::(\d+))?$/.exec(t);
  const port = m?.[2] === undefined ? DEFAULT_PRINTER_PORT : Number(m[2]);
  if (!m?.[1] || port < 1 || port > 65535) throw new PrinterError('unreachable', `not a printer address (host:port): ${target}`);
  return { host: m[1], port };
}

export class NetworkTransport implements PrinterTransport {
  readonly twoWay = true;
  private readonly queue = new OneAtATime();
  private readonly sockets = new Set<Socket>();
  private readonly statusTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly writeTimeoutMs: number;

  constructor(
    readonly config: PrinterConfig,
    opts: NetworkOptions = {},
  ) {
    this.statusTimeoutMs = opts.statusTimeoutMs ?? STATUS_TIMEOUT_MS;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 3000;
    this.writeTimeoutMs = opts.writeTimeoutMs ?? 10_000;
  }

  print(payload: PrintPayload): Promise<void> {
    return this.queue.run(() => this.connected((io) => (this.config.statusCheck === false ? printUnchecked(io, payload.bytes, CHUNK) : printChecked(io, payload.bytes, CHUNK))));
  }

  status(): Promise<PrinterStatus | null> {
    return this.queue.run(() => this.connected(readStatus));
  }

  /** Cuts a job in progress short (it rejects); nothing else is held between jobs. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
  }

  private async connected<T>(task: (io: TwoWayIO) => Promise<T>): Promise<T> {
    const { host, port } = parseNetworkTarget(this.config.target);
    const where = `${host}:${port}`;
    const link = new PrinterLink();
    const socket = new Socket();
    let connected = false;
    socket.setNoDelay(true); // a 3-byte status query must not wait behind Nagle's algorithm
    socket.on('data', (chunk: Buffer) => link.received(chunk));
    socket.on('error', (e: Error) => link.break(new PrinterError(connected ? 'io' : 'unreachable', `${where}: ${e.message}`)));
    socket.on('end', () => link.break(new PrinterError('io', `${where} closed the connection`)));
    socket.on('close', () => {
      this.sockets.delete(socket);
      link.break(new PrinterError('io', `${where} closed the connection`));
    });
    this.sockets.add(socket);
    try {
      await link.within(
        new Promise<void>((resolve) => {
          socket.connect(port, host, () => {
            connected = true;
            resolve();
          });
        }),
        this.connectTimeoutMs,
        () => new PrinterError('unreachable', `no connection to ${where} within ${this.connectTimeoutMs} ms`),
      );
      return await task(this.io(socket, link, where));
    } finally {
      // Every byte of a finished job was answered for by the status read after it, so nothing is
      // lost by closing at once.
      socket.destroy();
    }
  }

  private io(socket: Socket, link: PrinterLink, where: string): TwoWayIO {
    return {
      link,
      statusTimeoutMs: this.statusTimeoutMs,
      send: (bytes) =>
        link.within(
          new Promise<void>((resolve, reject) => {
            socket.write(bytes, (e) => (e ? reject(new PrinterError('io', `${where}: ${e.message}`)) : resolve()));
          }),
          this.writeTimeoutMs,
          () => new PrinterError('timeout', `${where} took no data for ${this.writeTimeoutMs} ms`),
        ),
      // TCP keeps order: the status answers after the job can only come once the job has arrived.
      drain: () => Promise.resolve(),
    };
  }
}
