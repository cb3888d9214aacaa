// @ts-nocheck
// A printer behind a CUPS queue (the A4 slip on an office printer, or a thermal printer set up as a raw
// queue). The job is handed over with `lp`; a job counts as printed only once CUPS reports it
// completed. Its state is read from cupsd over IPP (Get-Job-Attributes), because lpstat shows a
// cancelled or aborted job in the same "completed" list as a printed one. A job given up on (time
// limit, queue stopped) is cancelled, so a retry by the spooler can never print the slip twice.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { userInfo } from 'node:os';
import { statusFailure } from '../../src/core/print/status.js';
import { PrinterError, type PrinterConfig, type PrinterStatus, type PrinterTransport, type PrintPayload } from '../../src/ports/printer.js';
import { errorCode, OneAtATime } from './link.js';

export interface CupsOptions {
  /** From handing the job to CUPS until CUPS reports it completed (30 s by default). */
  timeoutMs?: number;
  /** Between two looks at the job's state. */
  pollMs?: number;
  /**
   * The CUPS server, as in CUPS_SERVER: a socket path or host[:port]. Default: CUPS_SERVER, else
   * cupsd's local socket, else localhost:631. It is passed on to lp, so both talk to the same cupsd.
   */
  server?: string;
}

const LOCAL_SOCKET = '/run/cups/cups.sock';
/** One IPP request may take this long before cupsd counts as not answering. */
const REQUEST_MS = 5000;

export class CupsTransport implements PrinterTransport {
  /** cupsd knows the queue's state and what the printer last reported (cover, paper). */
  readonly twoWay = true;
  private readonly queue = new OneAtATime();
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly server: string;
  private readonly ipp: Ipp;

  constructor(
    readonly config: PrinterConfig,
    opts: CupsOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.pollMs = opts.pollMs ?? 200;
    this.server = opts.server ?? (process.env.CUPS_SERVER || (existsSync(LOCAL_SOCKET) ? LOCAL_SOCKET : 'localhost:631'));
    this.ipp = new Ipp(this.server, config.target);
  }

  print(payload: PrintPayload): Promise<void> {
    return this.queue.run(() => this.printOne(payload));
  }

  async status(): Promise<PrinterStatus> {
    return printerStatus(await this.ipp.printer(REQUEST_MS));
  }

  /** Nothing is held between jobs. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  private async printOne(payload: PrintPayload): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    // Nothing at all to a queue that cannot print: the job would wait there and print much later.
    this.refuseUnlessReady(printerStatus(await this.ipp.printer(REQUEST_MS)));
    const jobId = await this.submit(payload, deadline);
    try {
      await this.waitCompleted(jobId, deadline);
    } catch (e) {
      await this.cancel(jobId);
      throw e;
    }
  }

  private refuseUnlessReady(s: PrinterStatus, jobId?: number): void {
    const failure = statusFailure(s);
    if (failure) throw new PrinterError(failure, `CUPS queue ${this.config.target}${jobId ? `, job ${jobId}` : ''}`);
  }

  /** `lp` with the bytes on stdin; the job's id from its answer. */
  private submit(payload: PrintPayload, deadline: number): Promise<number> {
    const queue = this.config.target;
    const args = ['-d', queue, '-t', payload.title];
    // ESC/POS goes to the printer as it is; a PDF goes through the queue's filters to the printer's language.
    if (payload.mime === 'application/vnd.escpos') args.push('-o', 'raw');
    return new Promise<number>((resolve, reject) => {
      const child = spawn('lp', args, { env: { ...process.env, LANG: 'C', LC_ALL: 'C', CUPS_SERVER: this.server }, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new PrinterError('timeout', `lp did not hand the job to CUPS queue ${queue} in time`));
      }, Math.max(0, deadline - Date.now()));
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      // lp may exit (queue gone) before reading all of stdin: its exit status tells why, not EPIPE.
      child.stdin.on('error', () => undefined);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new PrinterError(errorCode(e) === 'ENOENT' ? 'unreachable' : 'io', `lp: ${e.message} (Debian package cups-client)`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        const id = /request id is .*-(\d+) /.exec(out)?.[1];
        if (code === 0 && id) return resolve(Number(id));
        const detail = (err.trim() || out.trim() || `lp exited with ${code}`).replace(/\s+/g, ' ');
        reject(new PrinterError(/not accepting jobs/i.test(detail) ? 'offline' : /does not exist|unable to connect|connection refused|scheduler not responding/i.test(detail) ? 'unreachable' : 'io', detail));
      });
      child.stdin.end(payload.bytes);
    });
  }

  private async waitCompleted(jobId: number, deadline: number): Promise<void> {
    // What CUPS last said about the printer (e.g. "The printer may not exist or is unavailable"), for the log.
    let said = '';
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new PrinterError('timeout', `CUPS queue ${this.config.target}: job ${jobId} not completed in ${this.timeoutMs} ms${said ? `: ${said}` : ''}`);
      const job = await this.ipp.job(jobId, Math.min(REQUEST_MS, left));
      const state = job.get('job-state')?.[0];
      const why = String(job.get('job-printer-state-message')?.[0] ?? '').trim();
      if (state === JOB_COMPLETED) return;
      if (state === JOB_CANCELED || state === JOB_ABORTED) {
        throw new PrinterError('offline', `CUPS queue ${this.config.target}: job ${jobId} ${state === JOB_CANCELED ? 'cancelled' : 'aborted'}${why ? `: ${why}` : ''}`);
      }
      // Held (e.g. for authentication) or stopped jobs wait for someone at the print server.
      if (state === JOB_HELD || state === JOB_STOPPED) throw new PrinterError('offline', `CUPS queue ${this.config.target}: job ${jobId} ${state === JOB_HELD ? 'held' : 'stopped'}${why ? `: ${why}` : ''}`);
      // Still pending or printing: a queue stopped meanwhile (cupsdisable, or the backend gave up) would keep it forever.
      const printer = await this.ipp.printer(Math.min(REQUEST_MS, Math.max(1, deadline - Date.now())));
      said = String(printer.get('printer-state-message')?.[0] ?? '').trim();
      this.refuseUnlessReady(printerStatus(printer), jobId);
      await new Promise((r) => setTimeout(r, Math.min(this.pollMs, Math.max(0, deadline - Date.now()))));
    }
  }

  /** Withdraw a job given up on; it may have ended meanwhile, which is fine. */
  private cancel(jobId: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const child = spawn('cancel', [`${this.config.target}-${jobId}`], { env: { ...process.env, LANG: 'C', LC_ALL: 'C', CUPS_SERVER: this.server }, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), REQUEST_MS);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      child.on('error', done);
      child.on('close', done);
    });
  }
}

// IPP enums (RFC 8011 5.3.7, 5.4.11).
const JOB_HELD = 4;
const JOB_STOPPED = 6;
const JOB_CANCELED = 7;
const JOB_ABORTED = 8;
const JOB_COMPLETED = 9;
const PRINTER_STOPPED = 5;

/** The queue's state as a PrinterStatus, from printer-state, -state-reasons and -is-accepting-jobs. */
function printerStatus(a: IppAttributes): PrinterStatus {
  // Reasons end in -error, -warning or -report (RFC 8011 5.4.12); plain ones count as errors.
  const reasons = (a.get('printer-state-reasons') ?? []).map(String).filter((r) => r !== 'none');
  const has = (re: RegExp) => reasons.some((r) => re.test(r));
  return {
    online: a.get('printer-state')?.[0] !== PRINTER_STOPPED && a.get('printer-is-accepting-jobs')?.[0] !== false && !has(/^offline(-error|-report)?$/),
    coverOpen: has(/^(cover|door|interlock)-open(-error)?$/),
    paperNearEnd: has(/^media-low(-warning|-report)?$/),
    paperOut: has(/^(media-empty|media-needed)(-error)?$/),
    error: has(/^(marker-supply-empty|media-jam|output-area-full)(-error)?$/),
  };
}

type IppValue = number | boolean | string;
type IppAttributes = Map<string, IppValue[]>;

// Value tags (RFC 8010 3.5.2).
const TAG = { integer: 0x21, boolean: 0x22, enum: 0x23, text: 0x41, name: 0x42, keyword: 0x44, uri: 0x45, charset: 0x47, language: 0x48 } as const;
const OP = { getJobAttributes: 0x0009, getPrinterAttributes: 0x000b } as const;
const NOT_FOUND = 0x0406;

/** Just the IPP that the transport needs: two read-only operations over cupsd's HTTP. */
class Ipp {
  private requestId = 0;
  private readonly printerUri: string;
  private readonly user: string;
  private readonly connect: { socketPath: string } | { host: string; port: number };

  constructor(
    server: string,
    private readonly queue: string,
  ) {
    this.printerUri = `ipp://localhost/printers/${encodeURIComponent(queue)}`;
    this.user = whoAmI();
    const hostPort = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(server);
    this.connect = server.startsWith('/') ? { socketPath: server } : { host: hostPort?.[1] || 'localhost', port: Number(hostPort?.[2] ?? 631) };
  }

  async printer(timeoutMs: number): Promise<IppAttributes> {
    const r = await this.call(OP.getPrinterAttributes, [], ['printer-state', 'printer-state-reasons', 'printer-is-accepting-jobs', 'printer-state-message'], timeoutMs);
    if (r.status === NOT_FOUND) throw new PrinterError('unreachable', `CUPS has no queue ${this.queue}`);
    return this.ok(r);
  }

  async job(jobId: number, timeoutMs: number): Promise<IppAttributes> {
    const r = await this.call(OP.getJobAttributes, [[TAG.integer, 'job-id', jobId]], ['job-state', 'job-printer-state-message'], timeoutMs);
    // CUPS forgets finished jobs only when told to (PreserveJobHistory No): then nobody can say it printed.
    if (r.status === NOT_FOUND) throw new PrinterError('io', `CUPS queue ${this.queue}: job ${jobId} is no longer known to CUPS`);
    return this.ok(r);
  }

  private ok(r: { status: number; attributes: IppAttributes }): IppAttributes {
    if (r.status > 0xff) throw new PrinterError('io', `CUPS refused the request for queue ${this.queue}: IPP status 0x${r.status.toString(16)}`);
    return r.attributes;
  }

  private async call(op: number, extra: [number, string, IppValue][], wanted: string[], timeoutMs: number): Promise<{ status: number; attributes: IppAttributes }> {
    const body = encodeRequest(op, ++this.requestId, [
      [TAG.charset, 'attributes-charset', 'utf-8'],
      [TAG.language, 'attributes-natural-language', 'en'],
      [TAG.uri, 'printer-uri', this.printerUri],
      ...extra,
      [TAG.name, 'requesting-user-name', this.user],
      ...wanted.map((w): [number, string, IppValue] => [TAG.keyword, 'requested-attributes', w]),
    ]);
    return decodeResponse(await this.post(body, timeoutMs));
  }

  private post(body: Buffer, timeoutMs: number): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      const req = request({ ...this.connect, method: 'POST', path: '/', agent: false, headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length, Host: 'localhost' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new PrinterError('io', `cupsd answered HTTP ${res.statusCode}`))));
        res.on('error', (e) => reject(new PrinterError('io', `cupsd: ${e.message}`)));
      });
      req.setTimeout(timeoutMs, () => req.destroy(new PrinterError('timeout', `cupsd did not answer in ${timeoutMs} ms`)));
      req.on('error', (e) => {
        if (e instanceof PrinterError) return reject(e);
        const code = errorCode(e);
        // No socket or nobody listening: cupsd is not running.
        const gone = code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EACCES';
        reject(new PrinterError(gone ? 'unreachable' : 'io', `cupsd at ${'socketPath' in this.connect ? this.connect.socketPath : `${this.connect.host}:${this.connect.port}`}: ${e.message}`));
      });
      req.end(body);
    });
  }
}

/** The user name CUPS sees on our requests; a container may run us under a uid with no passwd entry. */
function whoAmI(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER || 'luudong';
  }
}

/** An IPP/1.1 request: header, operation attributes, end tag (RFC 8010 3.1). */
function encodeRequest(op: number, requestId: number, attrs: [number, string, IppValue][]): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(9);
  head.writeUInt16BE(0x0101, 0);
  head.writeUInt16BE(op, 2);
  head.writeUInt32BE(requestId, 4);
  head[8] = 0x01; // operation-attributes-tag
  parts.push(head);
  let last = '';
  for (const [tag, name, value] of attrs) {
    // Further values of the same attribute carry an empty name.
    const n = Buffer.from(name === last ? '' : name, 'utf8');
    last = name;
    let v: Buffer;
    if (typeof value === 'number') {
      v = Buffer.alloc(4);
      v.writeInt32BE(value);
    } else v = typeof value === 'boolean' ? Buffer.of(value ? 1 : 0) : Buffer.from(value, 'utf8');
    const h = Buffer.alloc(3);
    h[0] = tag;
    h.writeUInt16BE(n.length, 1);
    const l = Buffer.alloc(2);
    l.writeUInt16BE(v.length);
    parts.push(h, n, l, v);
  }
  parts.push(Buffer.of(0x03));
  return Buffer.concat(parts);
}

/** The status code and every attribute of an IPP response, groups merged (we ask about one object). */
function decodeResponse(b: Buffer): { status: number; attributes: IppAttributes } {
  if (b.length < 8) throw new PrinterError('io', 'cupsd sent a truncated IPP response');
  const attributes: IppAttributes = new Map();
  let name = '';
  let i = 8;
  while (i < b.length) {
    const tag = b[i++] as number;
    if (tag === 0x03) break; // end-of-attributes
    if (tag < 0x10) continue; // a group delimiter
    if (i + 2 > b.length) break;
    const nameLen = b.readUInt16BE(i);
    i += 2;
    if (nameLen > 0) name = b.toString('utf8', i, i + nameLen);
    i += nameLen;
    if (i + 2 > b.length) break;
    const valueLen = b.readUInt16BE(i);
    i += 2;
    const raw = b.subarray(i, i + valueLen);
    i += valueLen;
    if (tag < 0x20) continue; // out-of-band: unknown, no-value
    const value: IppValue = (tag === TAG.integer || tag === TAG.enum) && raw.length === 4 ? raw.readInt32BE(0) : tag === TAG.boolean ? raw[0] === 1 : raw.toString('utf8');
    const values = attributes.get(name) ?? [];
    values.push(value);
    attributes.set(name, values);
  }
  return { status: b.readUInt16BE(2), attributes };
}
