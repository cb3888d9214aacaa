// `luudong hub`: the headless hub. Opens the vehicle's database as the counter screen does, serves
// it to the paired workstations until stopped (SIGTERM from systemd, Ctrl+C), and logs one line
// per connection, pairing and refusal to stderr (no citizen's data).
import { openApp } from '../app/open.js';
import { readRawDomainData } from '../app/data.js';
import type { Lang } from '../core/lang.js';
import { closeStore } from '../store/db.js';
import { userMessage, type Translate } from '../i18n/index.js';
import { HubServer } from './server.js';
import { Replication } from './replication.js';
import { dirname } from 'node:path';
import { parseAddress } from './station.js';
import type { Luudong } from '../app/luudong.js';

export interface ServeOptions {
  file: string;
  demo: boolean;
  listen: string;
  lang: Lang;
  t: Translate;
  json: boolean;
  /** Started beside the hub on its app, stopped before it (the citizen's devices, src/cli/citizenDevices.ts). */
  beside?: (app: Luudong, file: string) => Promise<{ stop(): Promise<void> }>;
}

/** A hub serving an open database: its server listening, and its standby streaming when paired ones ask. */
export interface RunningHub {
  server: HubServer;
  where: { host: string; port: number };
  stop(): Promise<void>;
}

/** Serve `app`'s database (opened by the caller, who keeps writing to it) on `listen`. */
export async function startHub(app: Luudong, file: string, listen: string, log: (line: string) => void): Promise<RunningHub> {
  const at = parseAddress(listen, 7420, true);
  let replication: Replication | undefined;
  const server = new HubServer({
    db: app.db,
    file,
    gate: app.gate,
    data: app.data,
    raw: readRawDomainData(),
    host: at.host,
    port: at.port,
    log,
    onStandby: () => void replication?.update(),
  });
  const db = app.db;
  // While Litestream streams the file it owns checkpointing (src/store/db.ts); this connection was
  // opened before, so it is told here too.
  const streaming = new Replication({ desk: server.desk, dbFile: file, dir: dirname(file), log, onReplicated: (on) => db.pragma(`wal_autocheckpoint = ${on ? 0 : 1000}`) });
  replication = streaming;
  try {
    await streaming.start();
    const where = await server.listen();
    return {
      server,
      where,
      stop: async () => {
        await server.close();
        await streaming.stop();
      },
    };
  } catch (e) {
    await server.close().catch(() => undefined);
    await streaming.stop().catch(() => undefined);
    throw e;
  }
}

export async function serveHub(o: ServeOptions): Promise<number> {
  const { t } = o;
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  let opened: ReturnType<typeof openApp>;
  let hub: RunningHub;
  try {
    opened = openApp({ db: o.file, demo: o.demo, lang: o.lang });
    hub = await startHub(opened.app, opened.file, o.listen, log);
  } catch (e) {
    process.stderr.write(t('cli.error', { text: userMessage(t, e) }) + '\n');
    return 1;
  }
  const { server, where } = hub;
  const { station, epoch } = server.desk.identity();
  const line = o.json ? JSON.stringify({ listening: `${where.host}:${where.port}`, station, epoch, pid: process.pid }) : t('hub.listening', { address: `${where.host}:${where.port}`, station, epoch });
  process.stdout.write(line + '\n');
  const beside = o.beside ? await o.beside(opened.app, opened.file).catch((e: unknown) => void log(userMessage(t, e))) : undefined;
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await beside?.stop();
  await hub.stop();
  closeStore(opened.app.db, opened.file);
  // A link or tunnel still closing must not keep a stopped service alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
  return 0;
}
