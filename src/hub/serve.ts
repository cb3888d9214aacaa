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

export interface ServeOptions {
  file: string;
  demo: boolean;
  listen: string;
  lang: Lang;
  t: Translate;
  json: boolean;
}

export async function serveHub(o: ServeOptions): Promise<number> {
  const { t } = o;
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  let opened: ReturnType<typeof openApp>;
  let server: HubServer;
  let replication: Replication | undefined;
  let where: { host: string; port: number };
  try {
    const listen = parseAddress(o.listen, 7420, true);
    opened = openApp({ db: o.file, demo: o.demo, lang: o.lang });
    server = new HubServer({
      db: opened.app.db,
      file: opened.file,
      gate: opened.app.gate,
      data: opened.app.data,
      raw: readRawDomainData(),
      host: listen.host,
      port: listen.port,
      log,
      onStandby: () => void replication?.update(),
    });
    const db = opened.app.db;
    // While Litestream streams the file it owns checkpointing (src/store/db.ts); this connection was
    // opened before, so it is told here too.
    replication = new Replication({ desk: server.desk, dbFile: opened.file, dir: dirname(opened.file), log, onReplicated: (on) => db.pragma(`wal_autocheckpoint = ${on ? 0 : 1000}`) });
    await replication.start();
    where = await server.listen();
  } catch (e) {
    process.stderr.write(t('cli.error', { text: userMessage(t, e) }) + '\n');
    return 1;
  }
  const { station, epoch } = server.desk.identity();
  const line = o.json ? JSON.stringify({ listening: `${where.host}:${where.port}`, station, epoch, pid: process.pid }) : t('hub.listening', { address: `${where.host}:${where.port}`, station, epoch });
  process.stdout.write(line + '\n');
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.close();
  await replication?.stop();
  closeStore(opened.app.db, opened.file);
  // A link or tunnel still closing must not keep a stopped service alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 1000).unref();
  return 0;
}
