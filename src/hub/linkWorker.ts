// The workstation's link to the hub, in a worker thread of its own: it owns the one TLS-PSK
// connection, keeps it alive (beats both ways, a dead link noticed within DEAD_MS), reconnects by
// itself, and after a reconnection logs the operator in again and sends the writes that were in
// flight again with their request ids, so each is applied once. The main thread (./link.ts) waits
// on a shared counter for answers, which lets the screens and the CLI call the hub synchronously.
import { connect as netConnect } from 'node:net';
import { connect, type TLSSocket } from 'node:tls';
import { workerData, type MessagePort } from 'node:worker_threads';
import { encodeFrame, FrameReader } from './frames.js';
import { BEAT_MS, DEAD_MS, PROTOCOL, type Hello, type WireError } from './protocol.js';
import { clientTlsOptions } from './tlsPsk.js';

export interface LinkWorkerData {
  host: string;
  port: number;
  identity: string;
  key: string;
  hello: Omit<Hello, 't' | 'v' | 'trip' | 'since'>;
  /** The highest hub epoch this workstation has seen: a hub below it is an old one, refused. */
  epoch: number;
  port2: MessagePort;
  flag: SharedArrayBuffer;
  beatMs?: number;
  deadMs?: number;
}

/** From the main thread. */
export type ToWorker =
  | { k: 'call'; n: number; m: string; a: unknown[]; rid?: string; deadline: number }
  | { k: 'abandon'; n: number }
  | { k: 'session'; login: { name: string; pin: string } | null; operator: string | null }
  | { k: 'close' };

/** To the main thread. */
export type FromWorker =
  | { k: 'res'; n: number; ok?: unknown; err?: WireError }
  | { k: 'welcome'; msg: Record<string, unknown> }
  | { k: 'push'; msg: Record<string, unknown> }
  | { k: 'note'; msg: Record<string, unknown> }
  | { k: 'link'; up: boolean; reason?: string }
  | { k: 'outcome'; m: string; a: unknown[]; ok?: unknown; err?: WireError };

interface Call {
  n: number;
  m: string;
  a: unknown[];
  rid?: string;
  /** The caller gave up waiting: the answer, when it comes, is an outcome for the screen. */
  abandoned: boolean;
  sent: boolean;
}

const d = workerData as LinkWorkerData;
const port = d.port2;
const flag = new Int32Array(d.flag);
const beatMs = d.beatMs ?? BEAT_MS;
const deadMs = d.deadMs ?? DEAD_MS;
const key = Buffer.from(d.key, 'hex');

let socket: TLSSocket | null = null;
let up = false;
let closing = false;
let lastHeard = 0;
let lastSent = 0;
let backoff = 100;
let epoch = d.epoch;
let trip: number | null = null;
let since = 0;
let session: { login: { name: string; pin: string } | null; operator: string | null } = { login: null, operator: d.hello.operator };
/** Calls sent or to be sent, by the main thread's number. Internal ones (login replay) are negative. */
const calls = new Map<number, Call>();
let internalN = 0;

function post(msg: FromWorker): void {
  port.postMessage(msg);
  Atomics.add(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function write(msg: unknown): void {
  if (!socket || socket.destroyed) return;
  socket.write(encodeFrame(msg));
  lastSent = Date.now();
}

function sendCall(c: Call): void {
  c.sent = true;
  write({ t: 'req', n: c.n, m: c.m, a: c.a, ...(c.rid ? { rid: c.rid } : {}) });
}

function answer(c: Call, res: { ok?: unknown; err?: WireError }): void {
  calls.delete(c.n);
  if (c.n < 0) return; // a replayed login: its outcome changes nothing here
  if (c.abandoned) {
    if (c.rid) post({ k: 'outcome', m: c.m, a: c.a, ...res });
    return;
  }
  post({ k: 'res', n: c.n, ...res });
}

function linkDown(reason: string): void {
  const was = up;
  up = false;
  if (socket) {
    socket.removeAllListeners('data');
    socket.destroy();
    socket = null;
  }
  // Reads in flight cannot be answered now; writes wait for the link to come back (their caller
  // gives up at its deadline and is told the outcome later).
  for (const c of [...calls.values()]) {
    if (!c.rid) answer(c, { err: { code: 'err.hub.down', params: {} } });
    else c.sent = false;
  }
  // Also when it never came up: the opener waits for a welcome and should hear why there is none.
  post({ k: 'link', up: false, reason });
  if (!closing) setTimeout(dial, backoff);
  backoff = Math.min(1000, backoff * 2);
}

function dial(): void {
  if (closing || socket) return;
  // Small frames both ways: no Nagle delay (set on the TCP socket itself, under TLS).
  const tcp = netConnect({ host: d.host, port: d.port, noDelay: true });
  tcp.on('error', () => undefined);
  const s = connect({ socket: tcp, ...clientTlsOptions(d.identity, key) });
  socket = s;
  const reader = new FrameReader();
  let welcomed = false;
  // A link that stalls during the handshake (the Wi-Fi holds the bytes) is given up and dialled again.
  const handshake = setTimeout(() => {
    if (!welcomed) s.destroy();
  }, deadMs * 2);
  s.on('secureConnect', () => {
    lastHeard = Date.now();
    write({ t: 'hello', v: PROTOCOL, ...d.hello, operator: session.operator, trip, since });
  });
  s.on('data', (chunk: Buffer) => {
    lastHeard = Date.now();
    let msgs: Record<string, unknown>[];
    try {
      msgs = reader.push(chunk);
    } catch {
      return linkDown('err.hub.protocol');
    }
    for (const m of msgs) {
      if (m.t === 'beat') continue;
      if (m.t === 'welcome') {
        if (typeof m.epoch === 'number' && m.epoch < epoch) return linkDown('err.hub.oldEpoch');
        if (typeof m.epoch === 'number') epoch = m.epoch;
        welcomed = true;
        track(m);
        onWelcome(m);
      } else if (m.t === 'push') {
        track(m);
        post({ k: 'push', msg: m });
      } else if (m.t === 'note' && welcomed) {
        post({ k: 'note', msg: m });
      } else if (m.t === 'res' && welcomed) {
        const c = calls.get(m.n as number);
        if (c) answer(c, 'err' in m ? { err: m.err as WireError } : { ok: m.ok });
      } else if (m.t === 'res') {
        // refused before the welcome (protocol version)
        post({ k: 'link', up: false, reason: String((m.err as { code?: string })?.code ?? 'err.hub.protocol') });
      }
    }
  });
  let failure = '';
  s.on('error', (e: NodeJS.ErrnoException) => void (failure = e.code ?? ''));
  s.on('close', () => {
    clearTimeout(handshake);
    if (socket !== s) return;
    // A handshake the hub refused: this laptop is not (or no longer) paired with it.
    const refused = /PSK|BAD_RECORD_MAC|DECRYPT|HANDSHAKE_FAILURE/.test(failure);
    linkDown(welcomed ? 'err.hub.down' : refused ? 'err.hub.refused' : 'err.hub.unreachable');
  });
}

/** Where this workstation's copy of the queue stands, to ask only for what it lacks next time. */
function track(m: Record<string, unknown>): void {
  const t = m.trip as { id?: number } | null;
  const events = (m.events as { id: number }[] | undefined) ?? [];
  if (m.reset || (t?.id ?? null) !== trip) since = 0;
  trip = t?.id ?? null;
  const last = events[events.length - 1];
  if (last) since = Math.max(since, last.id);
}

function onWelcome(m: Record<string, unknown>): void {
  up = true;
  backoff = 100;
  post({ k: 'welcome', msg: m });
  // The operator's session first, then what was in flight, in the order it was asked.
  if (session.login) {
    const n = --internalN;
    const c: Call = { n, m: 'login', a: [session.login.name, session.login.pin], rid: rid(), abandoned: false, sent: false };
    calls.set(n, c);
    sendCall(c);
  }
  for (const c of [...calls.values()].sort((a, b) => a.n - b.n)) if (!c.sent && c.n > 0) sendCall(c);
}

function rid(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

port.on('message', (msg: ToWorker) => {
  if (msg.k === 'call') {
    const c: Call = { n: msg.n, m: msg.m, a: msg.a, abandoned: false, sent: false, ...(msg.rid ? { rid: msg.rid } : {}) };
    // Nothing is sent while the link is down: the caller is told at once, and nothing was done.
    if (!up) return post({ k: 'res', n: msg.n, err: { code: 'err.hub.down', params: {} } });
    calls.set(c.n, c);
    sendCall(c);
  } else if (msg.k === 'abandon') {
    const c = calls.get(msg.n);
    if (c) {
      if (c.rid) c.abandoned = true;
      else calls.delete(msg.n);
    }
  } else if (msg.k === 'session') {
    session = { login: msg.login, operator: msg.operator };
  } else if (msg.k === 'close') {
    closing = true;
    clearInterval(timer);
    socket?.destroy();
    port.close();
  }
});

const timer = setInterval(() => {
  if (!socket || !up) return;
  const now = Date.now();
  if (now - lastHeard > deadMs) return linkDown('err.hub.silent');
  if (now - lastSent >= beatMs - 20) write({ t: 'beat' });
}, Math.max(50, Math.floor(beatMs / 2)));

dial();
