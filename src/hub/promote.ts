// `luudong hub promote` on a workstation whose hub has died: restore the hub's database from this
// laptop's standby copy (Litestream), say how far behind the copy was, collect from every reachable
// workstation the highest numbers it saw, start each numbering above them (so no ticket or dossier
// code is given twice), raise the hub's epoch (workstations refuse the old hub from then on), and
// serve as the hub.
import { existsSync, renameSync } from 'node:fs';
import { connect } from 'node:tls';
import type { Lang } from '../core/lang.js';
import { DomainError } from '../core/errors.js';
import { displayDateTime, localDate } from '../core/time.js';
import { userMessage, type Translate } from '../i18n/index.js';
import { HubDesk, PROMOTION_MARGIN, type Skip } from '../app/hub.js';
import { openApp } from '../app/open.js';
import { closeStore } from '../store/db.js';
import type { Marks } from '../store/hub.js';
import { mergeMarks, SeenNumbers, type LastSeen } from '../store/seen.js';
import { existingVehicleKey, installVehicleKey, keyFile, vehicleKeyPem } from '../store/vehicleKey.js';
import { encodeFrame, FrameReader } from './frames.js';
import { HubLink } from './link.js';
import { replicaPosition, restoreReplica } from './litestream.js';
import { standbyPaths } from './standby.js';
import { parseAddress, readStation, seenFile } from './station.js';
import { clientTlsOptions } from './tlsPsk.js';
import { serveHub } from './serve.js';

/** Ask a workstation's standby for the numbers it saw (TLS-PSK with its key, as the hub does). */
export function askMarks(address: string, psk: Buffer, timeoutMs = 3000): Promise<{ marks: Marks; last: LastSeen | null } | null> {
  const m = /^(?:[^@]+@)?(.+):(\d{1,5})$/.exec(address);
  if (!m) return Promise.resolve(null);
  return new Promise((resolve) => {
    const s = connect({ host: (m[1] as string).replace(/^\[|\]$/g, ''), port: Number(m[2]), ...clientTlsOptions('hub', psk) });
    const reader = new FrameReader(8 * 1024 * 1024);
    const done = (v: { marks: Marks; last: LastSeen | null } | null) => {
      clearTimeout(timer);
      s.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    s.on('secureConnect', () => s.write(encodeFrame({ t: 'marks' })));
    s.on('data', (b: Buffer) => {
      try {
        const msg = reader.push(b)[0];
        if (msg?.t === 'marks' && msg.marks && typeof msg.marks === 'object') done({ marks: cleanMarks(msg.marks), last: (msg.last as LastSeen | null) ?? null });
      } catch {
        done(null);
      }
    });
    s.on('error', () => done(null));
  });
}

/** Numbers from the network: only well-formed scopes and whole numbers in range are kept. */
function cleanMarks(raw: unknown): Marks {
  const out: Marks = { tickets: {}, dossiers: {} };
  const r = raw as { tickets?: Record<string, unknown>; dossiers?: Record<string, unknown> };
  for (const [k, v] of Object.entries(r.tickets ?? {})) if (/^\d{1,9}:[A-Z]{1,3}$/.test(k) && Number.isInteger(v) && (v as number) >= 0 && (v as number) < 1e6) out.tickets[k] = v as number;
  for (const [k, v] of Object.entries(r.dossiers ?? {})) if (/^[\w.]{1,40}\|\d{4}-\d{2}-\d{2}$/.test(k) && Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 9999) out.dossiers[k] = v as number;
  return out;
}

export interface PromoteOptions {
  dir: string;
  /** Where the promoted hub's database goes (this laptop's --db). */
  file: string;
  listen: string;
  lang: Lang;
  t: Translate;
  json: boolean;
  force: boolean;
}

export interface PromoteReport {
  epoch: number;
  restoredEvents: number;
  seenEvents: number;
  /** How far the copy was behind the last push this workstation saw (ms), when both are known. */
  behindMs: number | null;
  replicaAt: number | null;
  peers: { id: string; reached: boolean }[];
  skipped: Skip[];
  /**
   * The copy's newest log segment, cut short by the old hub's death and so set aside (`kept`: where,
   * in the replica's `damaged` folder), or null when every segment was whole. The restored copy then goes up
   * to the segment before it: `restoredUpTo` (ms) and `restoredEvents`.
   */
  cutSegment: { kept: string[]; restoredUpTo: number | null } | null;
}

/** What the supervisor who promoted this laptop is told, line by line, in the operator's language. */
export function promotedLines(report: PromoteReport, t: Translate): string[] {
  const lines = [t('hub.promoted', { epoch: report.epoch })];
  if (report.cutSegment) {
    const upTo = report.cutSegment.restoredUpTo;
    lines.push(t('hub.cutSegment', { kept: report.cutSegment.kept.join(', ') }));
    lines.push(upTo === null ? t('hub.restoredUpToUnknown', { events: report.restoredEvents }) : t('hub.restoredUpTo', { at: displayDateTime(upTo), events: report.restoredEvents }));
  }
  lines.push(report.behindMs === null ? t('hub.behindUnknown', { events: report.restoredEvents }) : t('hub.behind', { seconds: (report.behindMs / 1000).toFixed(1), restored: report.restoredEvents, seen: report.seenEvents }));
  for (const p of report.peers) lines.push(t(p.reached ? 'hub.peerReached' : 'hub.peerMissed', { id: p.id }));
  for (const k of report.skipped) lines.push(t(k.kind === 'ticket' ? 'hub.skipTicket' : 'hub.skipDossier', { scope: k.scope, copy: k.copy, seen: k.seen, next: k.next }));
  return lines;
}

export async function promote(o: PromoteOptions): Promise<number> {
  const { t } = o;
  const say = (line: string) => process.stdout.write(line + '\n');
  let report: PromoteReport;
  try {
    report = await promoteCopy(o);
  } catch (e) {
    process.stderr.write(t('cli.error', { text: userMessage(t, e) }) + '\n');
    return 1;
  }
  if (o.json) say(JSON.stringify({ promoted: report }));
  else for (const line of promotedLines(report, t)) say(line);
  return serveHub({ file: o.file, demo: false, listen: o.listen, lang: o.lang, t, json: o.json });
}

async function promoteCopy(o: PromoteOptions): Promise<PromoteReport> {
  const cfg = readStation(o.dir);
  if (!cfg) throw new DomainError('err.hub.notJoined', {});
  // Promote only a hub that is gone: two hubs would give the same numbers.
  if (!o.force) {
    const addr = parseAddress(cfg.hub);
    const probe = new HubLink({ host: addr.host, port: addr.port, identity: cfg.id, key: Buffer.from(cfg.psk, 'hex'), hello: { role: 'cli', lang: o.lang, operator: null }, connectTimeoutMs: 2500 });
    let up = false;
    try {
      probe.connect();
      up = true;
    } catch {
      up = false;
    } finally {
      probe.close();
    }
    if (up) throw new DomainError('err.hub.stillUp', { hub: cfg.hub });
  }
  const paths = standbyPaths(o.dir);
  const before = replicaPosition(paths.replica);
  if (!before) throw new DomainError('err.hub.noCopy', { dir: paths.replica });
  // The copy's audit chain and PINs were made with the vehicle's key: the hub handed it to this
  // standby; without it the promoted hub could write nothing.
  const key = existingVehicleKey(paths.keyHome);
  if (!key) throw new DomainError('err.hub.noVehicleKey', { file: keyFile(paths.keyHome) });
  if (existsSync(o.file)) renameSync(o.file, `${o.file}.before-promote-${Date.now()}`);
  const { setAside } = restoreReplica(paths.replica, o.file);
  // A segment set aside is no longer in the replica: where it stands now is how far the copy goes.
  const position = setAside.length > 0 ? (replicaPosition(paths.replica) ?? { ...before, newestAt: null }) : before;
  installVehicleKey(o.file, vehicleKeyPem(key));

  const seenStore = new SeenNumbers(seenFile(o.dir));
  const own = seenStore.all();
  const last = seenStore.last();
  seenStore.close();

  const { app, file } = openApp({ db: o.file, lang: o.lang });
  try {
    const desk = new HubDesk(app.db, app.now);
    const restoredEvents = (app.db.prepare('SELECT coalesce(max(id), 0) AS n FROM queue_events').get() as { n: number }).n;
    const peers: { id: string; reached: boolean }[] = [];
    const collected: Marks[] = [own];
    for (const w of desk.workstations()) {
      if (w.id === cfg.id || w.revokedAt !== null || !w.standby) continue;
      const got = await askMarks(w.standby, w.psk);
      peers.push({ id: w.id, reached: got !== null });
      if (got) collected.push(got.marks);
    }
    const trip = app.currentTrip();
    const { epoch, skipped } = desk.promote(cfg.id, mergeMarks(...collected), PROMOTION_MARGIN, app.session?.name ?? null, { tripId: trip?.id ?? null, date: localDate(app.now()), agency: app.offices.ofTrip(trip).agencyCode });
    const behindMs = last && position.newestAt !== null ? Math.max(0, last.seenAt - position.newestAt) : null;
    const cutSegment = setAside.length > 0 ? { kept: setAside, restoredUpTo: position.newestAt } : null;
    return { epoch, restoredEvents, seenEvents: last?.eventId ?? 0, behindMs, replicaAt: position.newestAt, peers, skipped, cutSegment };
  } finally {
    closeStore(app.db, file);
  }
}
