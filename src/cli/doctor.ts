// `luudong doctor`: is this machine ready for a morning on the road? The system libraries the native
// modules need, the tools behind printing and scanning, the database, the disk, and each configured
// printer and scanner: present, and accessible to this user. Each check says what to do when it fails.
import { displayDateTime } from '../core/time.js';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import type { Luudong } from '../app/luudong.js';
import { officePlaceholders } from '../core/office.js';
import type { MessageKey, Params } from '../i18n/index.js';

export interface Check {
  what: MessageKey;
  level: 'ok' | 'warn' | 'fail';
  detail: MessageKey;
  params?: Params;
}

/** Below this much free space, warn; below the second, fail (a full disk refuses dossiers). */
const DISK_WARN_MB = 500;
const DISK_FAIL_MB = 50;

export async function runDoctor(app: Luudong, dbFile: string): Promise<Check[]> {
  const checks: Check[] = [];
  const add = (what: MessageKey, level: Check['level'], detail: MessageKey, params?: Params) => checks.push({ what, level, detail, ...(params ? { params } : {}) });

  const major = Number(process.versions.node.split('.')[0]);
  add('dr.check.node', major >= 20 ? 'ok' : 'fail', major >= 20 ? 'dr.present' : 'dr.missingPkg', { path: process.version, pkg: 'nodejs (>= 20)' });

  const quick = app.db.pragma('quick_check', { simple: true }) as string;
  const version = app.db.pragma('user_version', { simple: true }) as number;
  add('dr.check.db', quick === 'ok' ? 'ok' : 'fail', quick === 'ok' ? 'dr.dbOk' : 'err.dbCorrupt', { file: dbFile, version, detail: quick });

  try {
    const fs = statfsSync(dirname(dbFile));
    const mb = Math.floor((fs.bavail * fs.bsize) / 2 ** 20);
    add('dr.check.disk', mb < DISK_FAIL_MB ? 'fail' : mb < DISK_WARN_MB ? 'warn' : 'ok', mb < DISK_WARN_MB ? 'dr.diskLow' : 'dr.diskFree', { mb });
  } catch {
    /* statfs unsupported here: the database check above still ran */
  }

  // node-hid links libusb at load time on Linux; serialport's binding loads on import.
  add('dr.check.libusb', ...(await loads(() => import('node-hid'), 'libusb-1.0-0')));
  add('dr.check.serialport', ...(await loads(() => import('serialport'), 'serialport')));
  add('dr.check.udev', ...tool('udevadm', ['--version'], 'udev'));
  const a4 = app.printing.printers().some((p) => p.kind === 'cups');
  add('dr.check.cups', ...tool('lpstat', ['-r'], 'cups-client', a4 ? 'fail' : 'warn'));
  add('dr.check.sane', ...tool('scanimage', ['--version'], 'sane-utils'));

  // Every printout carries the office's names and codes, and a VietQR pays its account: an example
  // office or account left as shipped (verified: false) is a warning until the office confirms it.
  for (const { office } of app.offices.list()) {
    const left = officePlaceholders(office);
    const params = { id: office.id, unit: office.unitName.vi };
    if (left.length === 0) add('dr.check.office', 'ok', 'dr.officeOk', params);
    else add('dr.check.office', 'warn', left.includes('office') ? (left.includes('bank') ? 'dr.officeBankPlaceholder' : 'dr.officePlaceholder') : 'dr.bankPlaceholder', params);
  }

  for (const p of app.printing.printers()) {
    const params = { name: p.name, path: p.target, kind: p.kind, target: p.target };
    if (p.kind === 'serial' || p.kind === 'usb') add('dr.check.printer', ...device(p.target), params);
    else if (p.kind === 'network') add('dr.check.printer', ...(await reachable(p.target)), params);
    else add('dr.check.printer', 'ok', 'dr.notFile', params);
  }

  let hid: Awaited<ReturnType<typeof import('../../drivers/scanner/hid.js')['listHidScanners']>> | undefined;
  for (const s of app.scans.list()) {
    const params = { name: s.name, path: s.target, target: s.target };
    if (s.kind === 'wedge') add('dr.check.scanner', 'ok', 'dr.wedge', params);
    else if (s.kind === 'serial') add('dr.check.scanner', ...device(s.target), params);
    else {
      if (s.target.startsWith('/dev/')) {
        add('dr.check.scanner', ...device(s.target), params);
        continue;
      }
      hid ??= await (await import('../../drivers/scanner/hid.js')).listHidScanners();
      const [vid, pid] = s.target.toLowerCase().split(':');
      const there = hid.scanners.some((d) => d.vendorId === parseInt(vid ?? '', 16) && d.productId === parseInt(pid ?? '', 16));
      add('dr.check.scanner', there ? 'ok' : 'fail', there ? 'dr.present' : 'dr.hidNotFound', params);
    }
  }
  // The citizens' rating keypads plugged into this machine: there, and able to be taken from the
  // system so their keys never reach the operator's screen (drivers/rater/hid.ts).
  for (const r of app.raters.list().filter((x) => x.host === null)) {
    const { keypadReadiness } = await import('../../drivers/rater/hid.js');
    const { parseHidTarget } = await import('../../drivers/scanner/hid.js');
    const k = keypadReadiness(parseHidTarget(r.target));
    const params: Params = { name: r.name, target: r.target, iface: k.iface ?? '' };
    if (k.state === 'absent') add('dr.check.rater', 'fail', 'dr.keypadAbsent', params);
    else if (k.state === 'notExclusive') add('dr.check.rater', 'fail', `rt.notExclusive.${k.why}`, params);
    else add('dr.check.rater', 'ok', k.state === 'held' ? 'dr.keypadHeld' : k.state === 'inhibited' ? 'dr.keypadInhibited' : 'dr.keypadExclusive', params);
  }
  // The text-message modem: its port there and ours to use, and what the sender last saw of it.
  for (const m of app.sms.modems()) {
    const params: Params = { name: m.name, path: m.port };
    const [level, detail] = device(m.port);
    const seen = app.sms.repo.status(m.name);
    if (level !== 'ok' || !seen) add('dr.check.modem', level, detail, params);
    else add('dr.check.modem', seen.state === 'ready' ? 'ok' : 'warn', 'dr.modemState', { ...params, state: `md.state.${seen.state}`, at: displayDateTime(seen.at, false) });
  }
  return checks;
}

async function loads(load: () => Promise<unknown>, pkg: string): Promise<[Check['level'], MessageKey, Params]> {
  try {
    await load();
    return ['ok', 'dr.loaded', { pkg }];
  } catch {
    return ['fail', 'dr.missingPkg', { pkg }];
  }
}

function tool(cmd: string, args: string[], pkg: string, missing: Check['level'] = 'warn'): [Check['level'], MessageKey, Params] {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 5000 });
  return r.error ? [missing, 'dr.missingPkg', { pkg }] : ['ok', 'dr.loaded', { pkg }];
}

/** A device node: there, and readable and writable by this user (else the udev rules are missing). */
function device(path: string): [Check['level'], MessageKey] {
  if (!existsSync(path)) return ['fail', 'dr.notPresent'];
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return ['ok', 'dr.present'];
  } catch {
    return ['fail', 'dr.noAccess'];
  }
}

/** A network printer answers a TCP connection within 1.5 s. */
function reachable(target: string): Promise<[Check['level'], MessageKey]> {
  const [host, port] = target.includes(':') ? [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))] : [target, 9100];
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 1500 });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok ? ['ok', 'dr.present'] : ['fail', 'dr.notPresent']);
    };
    s.once('connect', () => done(true));
    s.once('timeout', () => done(false));
    s.once('error', () => done(false));
  });
}
