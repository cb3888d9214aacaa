// `luudong centre serve`: the vehicles' front door to the centre, HTTPS (node:https) over the
// centre's app layer. Stateless: nothing is kept between requests but in PostgreSQL, so several
// instances can run behind a load balancer. Every request but the health check is signed by a
// vehicle's key (src/centre/app/requests.ts) and served for that vehicle only.
//
//   GET  /v1/health                   unsigned: up, and the schema version
//   POST /v1/enrol                    {code, publicKey}, signed by that key (vehicle header "enrol")
//   GET  /v1/status                   the vehicle as the centre knows it, and the centre's clock
//   POST /v1/trips                    a closed trip's records (TripPayload)
//   POST /v1/dossiers                 {dossiers: DossierStatus[]}
//   POST /v1/blobs/missing            {hashes}: which files of a bundle the centre still needs
//   PUT  /v1/blobs/<sha256>           one file of a bundle, raw bytes
//   POST /v1/bundles                  {manifest, signature}: a handover bundle whose files are here
//   GET  /v1/updates                  the offices' status updates waiting for this vehicle
//   POST /v1/updates/ack              {outcomes}: what the vehicle did with them
//   GET  /v1/schedule                 the vehicle's planned trips
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DomainError } from '../../core/errors.js';
import { translator, userMessage } from '../../i18n/index.js';
import type { Centre } from '../app/centre.js';
import { ingestBundle, ingestDossiers, ingestTrip, MAX_BLOB_BYTES, missingBlobs, putBlob } from '../app/ingest.js';
import { authenticate, forgetOldNonces, precheck, readAuth, type SignedRequest } from '../app/requests.js';
import { scheduleFor } from '../app/schedule.js';
import { ackUpdates, deliverUpdates } from '../app/updates.js';
import { enrol, parseVehicleKey } from '../app/vehicles.js';
import type { Vehicle } from '../store/vehicles.js';

export interface ServeOptions {
  centre: Centre;
  /** PEM */
  cert: string | Buffer;
  key: string | Buffer;
  host?: string;
  /** 0: any free port. */
  port?: number;
  /** Called with each request's outcome, for the log (no body, no personal data). */
  log?: (line: string) => void;
}

const MAX_JSON_BYTES = 32 * 2 ** 20;

const STATUS: Record<string, number> = {
  'err.centre.unsigned': 401,
  'err.centre.signature': 401,
  'err.centre.unknownVehicle': 401,
  'err.centre.revoked': 403,
  'err.centre.replay': 401,
  'err.centre.clock': 401,
  'err.centre.enrolCode': 403,
  'err.centre.keyTaken': 409,
  'err.centre.tooLarge': 413,
  'err.centre.dbDown': 503,
  'err.centre.dbFull': 503,
  'err.centre.notFound': 404,
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new DomainError('err.centre.tooLarge', { mb: limit / 2 ** 20 }));
      req.resume();
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new DomainError('err.centre.tooLarge', { mb: limit / 2 ** 20 }));
        req.destroy();
      } else parts.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function json(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new DomainError('err.centre.payload', { detail: 'not JSON' });
  }
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const bytes = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length, 'cache-control': 'no-store' });
  res.end(bytes);
}

type Handler = (centre: Centre, v: Vehicle, body: Buffer, match: RegExpExecArray) => Promise<unknown>;

const ROUTES: { method: string; path: RegExp; limit: number; handle: Handler }[] = [
  { method: 'GET', path: /^\/v1\/status$/, limit: 0, handle: async (c, v) => ({ vehicle: { id: v.id, name: v.name }, time: c.now() }) },
  { method: 'POST', path: /^\/v1\/trips$/, limit: MAX_JSON_BYTES, handle: (c, v, b) => ingestTrip(c, v, json(b)) },
  { method: 'POST', path: /^\/v1\/dossiers$/, limit: MAX_JSON_BYTES, handle: (c, v, b) => ingestDossiers(c, v, json(b)) },
  { method: 'POST', path: /^\/v1\/blobs\/missing$/, limit: MAX_JSON_BYTES, handle: async (c, v, b) => ({ missing: await missingBlobs(c, v, json(b)) }) },
  {
    method: 'PUT',
    path: /^\/v1\/blobs\/([0-9a-f]{64})$/,
    limit: MAX_BLOB_BYTES,
    handle: async (c, v, b, m) => {
      await putBlob(c, v, m[1] as string, b);
      return { stored: m[1] };
    },
  },
  { method: 'POST', path: /^\/v1\/bundles$/, limit: MAX_JSON_BYTES, handle: (c, v, b) => ingestBundle(c, v, json(b)) },
  { method: 'GET', path: /^\/v1\/updates$/, limit: 0, handle: async (c, v) => ({ updates: await deliverUpdates(c, v) }) },
  { method: 'POST', path: /^\/v1\/updates\/ack$/, limit: MAX_JSON_BYTES, handle: async (c, v, b) => ({ acknowledged: await ackUpdates(c, v, json(b)) }) },
  { method: 'GET', path: /^\/v1\/schedule$/, limit: 0, handle: async (c, v) => ({ trips: await scheduleFor(c, v) }) },
];

async function handle(o: ServeOptions, req: IncomingMessage, res: ServerResponse): Promise<{ status: number; vehicle: string }> {
  const c = o.centre;
  const method = req.method ?? 'GET';
  const path = req.url ?? '/';
  if (method === 'GET' && path === '/v1/health') {
    send(res, 200, { ok: true, schema: await c.schema() });
    return { status: 200, vehicle: '-' };
  }
  if (method === 'POST' && path === '/v1/enrol') {
    const body = await readBody(req, 64 * 1024);
    const r: SignedRequest = { method, path, headers: req.headers, body };
    const auth = readAuth(r, c.now());
    if (auth.vehicle !== 'enrol') throw new DomainError('err.centre.unsigned');
    const b = json(body) as { code?: unknown; publicKey?: unknown };
    const v = await enrol(c, String(b.code ?? ''), parseVehicleKey(b.publicKey), (key) => auth.verify(key), auth.nonce);
    send(res, 200, { vehicle: { id: v.id, name: v.name, fingerprint: v.fingerprint } });
    return { status: 200, vehicle: String(v.id) };
  }
  let match: RegExpExecArray | null = null;
  const route = ROUTES.find((x) => x.method === method && (match = x.path.exec(path.split('?')[0] as string)) !== null);
  if (!route || !match) {
    req.resume();
    throw new HttpError(404, 'err.centre.notFound');
  }
  if (route.limit > 0) await precheck(c, req.headers);
  const body = await readBody(req, route.limit);
  const v = await authenticate(c, { method, path, headers: req.headers, body });
  const out = await route.handle(c, v, body, match);
  send(res, 200, out);
  return { status: 200, vehicle: String(v.id) };
}

/** Start serving; resolves once listening, with the port (the OS's choice for port 0). */
export async function serveCentre(o: ServeOptions): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const en = translator('en');
  const server = createServer({ cert: o.cert, key: o.key, minVersion: 'TLSv1.2' }, (req, res) => {
    const t0 = Date.now();
    handle(o, req, res)
      .then((r) => o.log?.(`${new Date().toISOString()} ${req.method} ${req.url?.split('?')[0]} ${r.status} vehicle=${r.vehicle} ${Date.now() - t0}ms`))
      .catch((e: unknown) => {
        const code = e instanceof DomainError || e instanceof HttpError ? e.code : 'err.unexpected';
        const status = e instanceof HttpError ? e.status : e instanceof DomainError ? (STATUS[code] ?? 422) : 500;
        const params = e instanceof DomainError ? e.params : {};
        // The vehicle says it in its operator's language from the code; the English text is for logs.
        // What the vehicle was still sending is read and dropped, so it gets to read the answer.
        req.resume();
        if (!res.headersSent) send(res, status, { error: { code, params, message: e instanceof HttpError ? code : userMessage(en, e) } });
        else res.destroy();
        o.log?.(`${new Date().toISOString()} ${req.method} ${req.url?.split('?')[0]} ${status} ${code}${status >= 500 ? ` ${(e as Error).message}` : ''}`);
      });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 300_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const sweep = setInterval(() => void forgetOldNonces(o.centre).catch(() => undefined), 5 * 60_000);
  sweep.unref();
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweep);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

