// The hub: the laptop that keeps the vehicle's SQLite file serves its use cases to the paired
// workstations over TLS-PSK (./tlsPsk.ts). One persistent connection per workstation process
// (counter screen, board, CLI, print worker) carries its requests, their answers, and the pushes:
// after every commit, whoever made it, each connection gets the new queue events at once.
// A laptop that has not been paired fails the handshake and gets nothing, not even the queue.
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { DomainError } from '../core/errors.js';
import type { DomainData } from '../core/config.js';
import type { Lang } from '../core/lang.js';
import { HubDesk, HubFeed } from '../app/hub.js';
import { Luudong } from '../app/luudong.js';
import type { Operator } from '../app/operators.js';
import type { RawDomainData } from '../app/data.js';
import { localDate } from '../core/time.js';
import { openDatabase } from '../store/db.js';
import type { Db } from '../store/types.js';
import type { IntegrityGate } from '../store/integrity.js';
import { watchDatabase } from '../store/watch.js';
import { existingVehicleKey, vehicleKeyPem } from '../store/vehicleKey.js';
import { encodeFrame, FrameReader } from './frames.js';
import { METHODS } from './methods.js';
import { BEAT_MS, DEAD_MS, PROTOCOL, RID, type Hello, type Note, type Push, type Role, type WireError } from './protocol.js';
import { checkArgs } from './check.js';
import { PaperJobs } from './paperJobs.js';
import { serverTlsOptions } from './tlsPsk.js';

export interface HubServerOptions {
  db: Db;
  file: string;
  gate: IntegrityGate;
  data: DomainData;
  raw: RawDomainData;
  host?: string;
  port?: number;
  now?: () => number;
  /** One line per connection, pairing and refusal (the headless hub's log; no personal data). */
  log?: (line: string) => void;
  beatMs?: number;
  deadMs?: number;
  /** A workstation's standby appeared or moved: the replication follows. */
  onStandby?: () => void;
}

/** A connection's output buffer past this (a stalled link) ends it: the workstation reconnects. */
const MAX_BUFFERED = 8 * 1024 * 1024;
const HELLO_MS = 5000;
/**
 * What a link may ask before its operator has logged in: the login itself, and what a counter screen
 * needs to draw its login (the keyboard-wedge scanner's settings, which hold no one's data).
 */
const OPEN = new Set(['login', 'operators.enabled', 'scans.wedge']);

interface Conn {
  socket: TLSSocket;
  workstation: string;
  role: Role | null;
  app: Luudong | null;
  approvals: Map<string, Operator>;
  lastHeard: number;
  lastSent: number;
  since: number;
  /** Requests that came while a PIN was being hashed ahead for this link, answered in order after it. */
  held: Record<string, unknown>[] | null;
}

/** Requests that check a PIN: its slow hash is made off the event loop first (OperatorDesk.hashAhead). */
const PIN_METHODS = new Set(['login', 'operators.supervisor']);

export interface ConnectionInfo {
  workstation: string;
  role: Role | null;
  address: string;
  since: number;
}

const wireError = (e: unknown): WireError =>
  e instanceof DomainError ? { code: e.code, params: e.params } : { code: 'err.unexpected', params: { detail: (e as Error)?.message ?? String(e) } };

export class HubServer {
  readonly desk: HubDesk;
  private readonly feed: HubFeed;
  private readonly feedDb: Db;
  private readonly server: Server;
  private readonly conns = new Set<Conn>();
  private readonly identities = new WeakMap<object, string>();
  private readonly now: () => number;
  private beat: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private readonly log: (line: string) => void;
  /** Handover bundles and posters being made for workstations (./paperJobs.ts). */
  private readonly paperJobs: PaperJobs;

  constructor(private readonly opts: HubServerOptions) {
    this.now = opts.now ?? Date.now;
    this.paperJobs = new PaperJobs(dirname(resolve(opts.file)), this.now);
    this.log = opts.log ?? (() => undefined);
    this.desk = new HubDesk(opts.db, this.now);
    this.desk.identity();
    this.desk.purgeRequests();
    // Its own read connection: every commit, by this process or another, moves its data_version.
    this.feedDb = openDatabase(opts.file, { readonly: true, check: 'skip' });
    this.feed = new HubFeed(this.feedDb);
    this.server = createServer({
      ...serverTlsOptions((identity, socket) => {
        // Node gives the identity to this callback only: remember it for the connection.
        this.identities.set(socket, identity);
        return this.keyFor(identity);
      }),
      handshakeTimeout: 5000,
      noDelay: true,
    });
    this.server.on('secureConnection', (s) => this.accept(s));
    this.server.on('tlsClientError', (e, s) => {
      const who = this.identities.get(s) ?? '?';
      this.log(`refused ${s.remoteAddress ?? '?'} (${who}): ${(e as NodeJS.ErrnoException).code ?? e.message}`);
    });
  }

  private keyFor(identity: string): Buffer | null {
    if (identity === 'pair') return this.desk.pairingAttempt();
    return this.desk.psk(identity);
  }

  async listen(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, this.opts.host ?? '0.0.0.0', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.beat = setInterval(() => this.heartbeat(), this.opts.beatMs ?? BEAT_MS);
    this.unwatch = watchDatabase(this.opts.file, () => this.broadcast());
    const a = this.server.address() as AddressInfo;
    return { host: a.address, port: a.port };
  }

  async close(): Promise<void> {
    clearInterval(this.beat);
    this.unwatch?.();
    for (const c of this.conns) c.socket.destroy();
    this.conns.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.feedDb.close();
  }

  connections(): ConnectionInfo[] {
    return [...this.conns].map((c) => ({ workstation: c.workstation, role: c.role, address: c.socket.remoteAddress ?? '', since: c.since }));
  }

  private send(c: Conn, msg: unknown): void {
    this.sendRaw(c, encodeFrame(msg));
  }

  private sendRaw(c: Conn, frame: Buffer): void {
    if (c.socket.destroyed) return;
    if (c.socket.writableLength > MAX_BUFFERED) {
      this.log(`${c.workstation}: link stalled, closing`);
      c.socket.destroy();
      return;
    }
    c.socket.write(frame);
    c.lastSent = this.now();
  }

  private accept(socket: TLSSocket): void {
    const identity = this.identities.get(socket) ?? '';
    const c: Conn = { socket, workstation: identity, role: null, app: null, approvals: new Map(), lastHeard: this.now(), lastSent: this.now(), since: this.now(), held: null };
    const reader = new FrameReader();
    const helloTimer = setTimeout(() => {
      if (!c.role) socket.destroy();
    }, HELLO_MS);
    socket.on('data', (chunk: Buffer) => {
      c.lastHeard = this.now();
      let msgs: Record<string, unknown>[];
      try {
        msgs = reader.push(chunk);
      } catch (e) {
        this.log(`${c.workstation}: bad frame (${(e as Error).message}), closing`);
        socket.destroy();
        return;
      }
      for (const m of msgs) this.onMessage(c, m);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(helloTimer);
      this.conns.delete(c);
      if (c.role) this.log(`${c.workstation} ${c.role}: disconnected`);
    });
    this.conns.add(c);
  }

  private onMessage(c: Conn, m: Record<string, unknown>): void {
    if (m.t === 'beat') return;
    if (c.workstation === 'pair') return this.onJoin(c, m);
    if (m.t === 'hello') return this.onHello(c, m as unknown as Hello);
    if (m.t === 'req' && c.app) return this.onRequest(c, m);
    this.log(`${c.workstation}: unexpected ${String(m.t).slice(0, 20)}, closing`);
    c.socket.destroy();
  }

  private onJoin(c: Conn, m: Record<string, unknown>): void {
    if (m.t !== 'join' || typeof m.name !== 'string') {
      c.socket.destroy();
      return;
    }
    const { id, psk } = this.desk.pair(m.name, null);
    const { station, epoch } = this.desk.identity();
    this.log(`paired ${id} (${m.name.slice(0, 40)}) from ${c.socket.remoteAddress ?? '?'}`);
    this.send(c, { t: 'joined', id, psk: psk.toString('hex'), station, epoch, replicaPub: this.desk.repo.setting('replica_pub') ?? null });
    c.socket.end();
  }

  private onHello(c: Conn, h: Hello): void {
    if (c.role) return;
    const roles: Role[] = ['screen', 'board', 'cli', 'worker', 'standby', 'bench'];
    if (h.v !== PROTOCOL || !roles.includes(h.role)) {
      this.send(c, { t: 'res', n: 0, err: { code: 'err.hub.version', params: { found: String(h.v), known: PROTOCOL } } });
      c.socket.end();
      return;
    }
    const lang: Lang = h.lang === 'en' ? 'en' : 'vi';
    c.role = h.role;
    c.app = new Luudong({ db: this.opts.db, data: this.opts.data, file: this.opts.file, gate: this.opts.gate, lang, workstation: c.workstation, operator: typeof h.operator === 'string' ? h.operator.normalize('NFC').slice(0, 40) : null, now: this.now });
    // A standby says its SSH user and the port of its endpoint; the address is where it came from.
    const sb = typeof h.standby === 'string' ? /^([a-z_][a-z0-9_-]{0,31})@(\d{1,5})$/.exec(h.standby) : null;
    if (sb) {
      const host = c.socket.remoteAddress ?? '';
      const standby = `${sb[1]}@${host.includes(':') ? `[${host}]` : host}:${sb[2]}`;
      const w = this.desk.workstation(c.workstation);
      if (w && w.standby !== standby) {
        this.desk.setStandby(c.workstation, standby);
        this.opts.onStandby?.();
      }
    }
    // A standby keeps the vehicle's key beside its copy (inside this paired link's TLS-PSK, never on
    // the SFTP side): the copy's audit chain and PINs were made with it, and a promoted hub carries on
    // with the same key.
    const key = sb ? existingVehicleKey(this.opts.file) : undefined;
    const { station, epoch } = this.desk.identity();
    const snap = this.feed.snapshot(typeof h.trip === 'number' ? h.trip : null, typeof h.since === 'number' ? h.since : 0);
    const today = localDate(this.now());
    const yesterday = localDate(this.now() - 24 * 3600_000);
    this.send(c, {
      t: 'welcome',
      v: PROTOCOL,
      station,
      epoch,
      now: this.now(),
      workstation: c.workstation,
      ...(key ? { vehicleKey: vehicleKeyPem(key) } : {}),
      data: this.opts.raw,
      ...snap,
      marks: this.desk.marks({ tripId: snap.trip?.id ?? null, fromDate: yesterday < today ? yesterday : today }),
      peers: this.desk
        .workstations()
        .filter((w) => w.revokedAt === null)
        .map((w) => ({ id: w.id, standby: w.standby })),
    });
    this.log(`${c.workstation} ${c.role}: connected from ${c.socket.remoteAddress ?? '?'}`);
  }

  private onRequest(c: Conn, m: Record<string, unknown>): void {
    if (c.held) {
      c.held.push(m);
      return;
    }
    // A PIN's hash takes a good part of a second on the vehicle's laptop (src/app/operators.ts):
    // made in the thread pool, so every link's beats and answers go on meanwhile.
    const a = m.a;
    if (typeof m.m === 'string' && PIN_METHODS.has(m.m) && Array.isArray(a) && typeof a[0] === 'string' && typeof a[1] === 'string' && c.app) {
      c.held = [];
      c.app.operators
        .hashAhead(a[0].slice(0, 100), a[1].slice(0, 100))
        .catch(() => undefined)
        .then(() => {
          const held = c.held ?? [];
          c.held = null;
          if (!this.conns.has(c)) return;
          this.answer(c, m);
          for (const x of held) this.onRequest(c, x);
        });
      return;
    }
    this.answer(c, m);
  }

  private answer(c: Conn, m: Record<string, unknown>): void {
    const n = typeof m.n === 'number' ? m.n : 0;
    const name = typeof m.m === 'string' ? m.m : '';
    const method = Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
    const app = c.app as Luudong;
    let res: unknown;
    try {
      if (!method) throw new DomainError('err.hub.unknownMethod', { method: name.slice(0, 40) });
      const args = checkArgs(m.a, method.args);
      // Once operators are set up, a link does nothing (and reads no one's data) before its
      // operator has logged in, as at a single laptop's front doors. The print worker is a service
      // that names no one: it gets the spool, nothing else.
      if (!OPEN.has(name) && app.session === null && !(c.role === 'worker' && name.startsWith('spool.')) && app.operators.enabled()) throw new DomainError('err.auth.required', {});
      // Other links' commits on this same connection do not move data_version: look again.
      app.invalidate();
      const ctx = { app, workstation: c.workstation, file: this.opts.file, approvals: c.approvals, jobs: this.paperJobs };
      if (method.write) {
        if (typeof m.rid !== 'string' || !RID.test(m.rid)) throw new DomainError('err.hub.badRequest', { path: 'rid' });
        const r = this.desk.once(c.workstation, m.rid, name, args, () => method.run(ctx, args));
        res = 'ok' in r ? { t: 'res', n, ok: r.ok } : { t: 'res', n, err: r.error };
      } else {
        res = { t: 'res', n, ok: method.run(ctx, args) ?? null };
      }
    } catch (e) {
      res = { t: 'res', n, err: wireError(e) };
    }
    // A job the workstation caused went to the hub laptop's printer, for want of one of its own: said
    // in the log, and to the workstation, whose operator is told on screen.
    const fell = app.printing.fallbacks();
    for (const f of fell) this.log(`${c.workstation}: no printer of its own for ${f.kind}, printed on the hub's (${f.printers.join(', ')})`);
    // The push first: the answer then finds the workstation's queue already showing what it did.
    this.broadcast();
    if (fell.length > 0) this.send(c, { t: 'note', fallbacks: fell } satisfies Note);
    this.send(c, res);
  }

  /** Push what was committed since the last look to every link (one encoding for all). */
  broadcast(): void {
    let delta;
    try {
      delta = this.feed.poll();
    } catch {
      return; // busy: the next commit or the watcher's tick looks again
    }
    if (!delta) return;
    const push: Push = { t: 'push', now: this.now(), ...delta };
    const frame = encodeFrame(push);
    for (const c of this.conns) if (c.role) this.sendRaw(c, frame);
  }

  private heartbeat(): void {
    const now = this.now();
    const beat = this.opts.beatMs ?? BEAT_MS;
    const dead = this.opts.deadMs ?? DEAD_MS;
    for (const c of this.conns) {
      if (!c.role) continue;
      if (now - c.lastHeard > dead) {
        this.log(`${c.workstation} ${c.role}: silent for ${now - c.lastHeard} ms, closing`);
        c.socket.destroy();
        continue;
      }
      if (now - c.lastSent >= beat - 20) this.send(c, { t: 'beat', now });
    }
  }
}
