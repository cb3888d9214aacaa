// Where a backup may go. A backup belongs on a stick or a card taken off the vehicle: `--to
// /media/usb` whose stick is not mounted would otherwise create /media/usb on the laptop's own disk
// and leave the backup beside the database it is meant to outlive. So the folder must be on a
// mounted removable disk (a USB stick or disk, an SD card), not on the database's own file system,
// unless the operator says so (`--local`: another internal disk, a network share, a test).
//
// Linux tells: /proc/self/mountinfo gives the mount of a folder, and /sys/dev/block/MAJ:MIN leads
// to its block device, whose disk says `removable` 1, or sits on a USB bus, or is an SD card.
import { mkdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DomainError } from '../core/errors.js';

export interface TargetCheck {
  /** The folder, resolved. */
  dir: string;
  /** The mount point it is under. */
  mount: string;
  /** Why it counts as removable ('usb', 'removable', 'sd'), or null. */
  removable: 'usb' | 'removable' | 'sd' | null;
  /** On the same file system as the database. */
  sameAsDatabase: boolean;
}

/** Major and minor numbers of a Linux dev_t as Node gives it (glibc's encoding). */
function majorMinor(dev: number): [number, number] {
  const d = BigInt(dev);
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  return [major, minor];
}

/** The longest mount point in mountinfo that holds `path`. */
function mountOf(path: string, sysRoot: string): string {
  let best = '/';
  try {
    for (const line of readFileSync(join(sysRoot, 'proc/self/mountinfo'), 'utf8').split('\n')) {
      const mp = (line.split(' ')[4] ?? '').replace(/\\040/g, ' ');
      if (mp && (path === mp || path.startsWith(mp.endsWith('/') ? mp : `${mp}/`)) && mp.length > best.length) best = mp;
    }
  } catch {
    // no mountinfo: the root
  }
  return best;
}

/** Whether the block device `dev` is a removable disk, and why; `sysRoot` is '/' but in tests. */
export function removableKind(dev: number, sysRoot = '/'): TargetCheck['removable'] {
  const [major, minor] = majorMinor(dev);
  let device: string;
  try {
    device = realpathSync(join(sysRoot, 'sys/dev/block', `${major}:${minor}`));
  } catch {
    return null; // not a block device (tmpfs, overlay, a network share)
  }
  if (/\/usb\d*\//.test(device)) return 'usb';
  // A partition's `removable` and device type are its disk's: look up from the partition.
  for (let d = device, i = 0; i < 3 && d.startsWith(join(sysRoot, 'sys')); d = dirname(d), i++) {
    try {
      if (readFileSync(join(d, 'removable'), 'utf8').trim() === '1') return 'removable';
    } catch {
      // not at this level
    }
    try {
      if (readFileSync(join(d, 'device', 'type'), 'utf8').trim() === 'SD') return 'sd';
    } catch {
      // not an MMC device, or not at this level
    }
  }
  return null;
}

/**
 * Check a backup folder before anything is written: its nearest existing folder must be on a
 * mounted removable disk other than the database's, unless `local`. Then the missing folders are
 * made one at a time (Node's recursive mkdir never returns on some paths, /proc/… among them).
 */
export function prepareBackupTarget(toDir: string, dbFile: string, opts: { local?: boolean; sysRoot?: string } = {}): TargetCheck {
  const dir = resolve(toDir);
  const sysRoot = opts.sysRoot ?? '/';
  let existing = dir;
  const missing: string[] = [];
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) throw new DomainError('err.backup.dir', { dir: existing, detail: 'not a folder' });
      break;
    } catch (e) {
      if (e instanceof DomainError) throw e;
      if (dirname(existing) === existing) throw new DomainError('err.backup.dir', { dir, detail: (e as Error).message });
      missing.unshift(existing);
      existing = dirname(existing);
    }
  }
  const st = statSync(existing);
  const sameAsDatabase = (() => {
    try {
      return statSync(dirname(resolve(dbFile))).dev === st.dev;
    } catch {
      return false;
    }
  })();
  const check: TargetCheck = { dir, mount: mountOf(realpathSync(existing), sysRoot), removable: removableKind(st.dev, sysRoot), sameAsDatabase };
  if (!opts.local && (sameAsDatabase || check.removable === null))
    throw new DomainError('err.backup.notRemovable', { dir, mount: check.mount, why: sameAsDatabase ? 'backup.why.sameDisk' : 'backup.why.internal' });
  for (const d of missing) {
    try {
      mkdirSync(d, { mode: 0o700 });
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw new DomainError('err.backup.dir', { dir: d, detail: (e as Error).message });
    }
  }
  return check;
}

/**
 * The mounted removable disks (USB sticks and disks, SD cards) a bundle or a poster can be written
 * to, from /proc/self/mountinfo: their mount points, in the order mounted. `sysRoot` is '/' but in
 * tests.
 */
export function removableMounts(sysRoot = '/'): string[] {
  let text: string;
  try {
    text = readFileSync(join(sysRoot, 'proc/self/mountinfo'), 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const mp = (line.split(' ')[4] ?? '').replace(/\\040/g, ' ');
    // where desktops and udisks mount sticks; never the system's own folders
    if (!/^\/(media|run\/media|mnt)\//.test(mp) || out.includes(mp)) continue;
    try {
      if (removableKind(statSync(mp).dev, sysRoot)) out.push(mp);
    } catch {
      // gone since, or unreadable
    }
  }
  return out;
}
