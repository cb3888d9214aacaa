// @ts-nocheck
// Paper documents through SANE's `scanimage`: list the scanners, scan page by page (so each page is
// kept the moment it is scanned, and a jam on page 4 leaves pages 1-3), from the flatbed or the
// document feeder, with the presets the desk uses. scanimage's exit status is SANE's status.
import { spawn } from 'node:child_process';

export interface ScanPreset {
  mode: 'Gray' | 'Color';
  resolution: number;
}

/** documents: 200 dpi grey (legible, small); photos: colour. */
export const SCAN_PRESETS: Record<'documents' | 'photos', ScanPreset> = {
  documents: { mode: 'Gray', resolution: 200 },
  photos: { mode: 'Color', resolution: 300 },
};

export type ScanFailure = 'noDevice' | 'jammed' | 'noDocs' | 'coverOpen' | 'cancelled' | 'busy' | 'io' | 'missing';

export class ScanError extends Error {
  constructor(
    readonly failure: ScanFailure,
    readonly detail = '',
  ) {
    super(`scan ${failure}${detail ? `: ${detail}` : ''}`);
    this.name = 'ScanError';
  }
}

// SANE_Status values, as scanimage exits with them.
const BY_STATUS: Record<number, ScanFailure> = { 2: 'cancelled', 3: 'busy', 6: 'jammed', 7: 'noDocs', 8: 'coverOpen', 9: 'io' };

export interface ScanDevice {
  device: string;
  vendor: string;
  model: string;
  type: string;
}

function run(args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('scanimage', args, { env: { ...env, LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new ScanError('missing', 'scanimage (sane-utils) is not installed') : e.name === 'AbortError' ? new ScanError('cancelled') : e));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err.trim() }));
  });
}

export async function listScanners(env: NodeJS.ProcessEnv = process.env): Promise<ScanDevice[]> {
  const r = await run(['-f', '%d|%v|%m|%t%n'], env);
  return r.stdout
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [device = '', vendor = '', model = '', type = ''] = l.split('|');
      return { device, vendor, model, type };
    });
}

export interface PageScan {
  device: string;
  preset: ScanPreset;
  feeder: boolean;
  /** Extra scanimage options (tests set the test backend's failures through them). */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** One page as PNG bytes; rejects with a ScanError naming the cause. */
export async function scanPage(o: PageScan): Promise<Buffer> {
  const args = ['-d', o.device, '--format=png', '--mode', o.preset.mode, '--resolution', String(o.preset.resolution), ...(o.feeder ? ['--source', 'Automatic Document Feeder'] : []), ...(o.args ?? [])];
  const r = await run(args, o.env ?? process.env, o.signal);
  if (r.code === 0 && r.stdout.length > 0) return r.stdout;
  if (/open of device .* failed|no SANE devices/i.test(r.stderr)) throw new ScanError('noDevice', r.stderr);
  throw new ScanError(BY_STATUS[r.code] ?? 'io', r.stderr);
}

export interface BatchScan extends PageScan {
  /** At most this many pages (the feeder stops earlier when it runs out). */
  maxPages: number;
  /** Options for page n (1-based), added to `args`. */
  pageArgs?: (n: number) => string[];
  onPage?: (n: number, bytes: number) => void;
}

/**
 * Scan pages until `maxPages`, or (feeder) until it runs out. A failure after some pages returns
 * them with the error: what was scanned is never thrown away.
 */
export async function scanBatch(o: BatchScan): Promise<{ pages: Buffer[]; error: ScanError | null }> {
  const pages: Buffer[] = [];
  for (let n = 1; n <= o.maxPages; n++) {
    try {
      const page = await scanPage({ ...o, args: [...(o.args ?? []), ...(o.pageArgs?.(n) ?? [])] });
      pages.push(page);
      o.onPage?.(n, page.length);
    } catch (e) {
      if (!(e instanceof ScanError)) throw e;
      // The feeder running out after at least one page is the normal end of a batch.
      if (e.failure === 'noDocs' && o.feeder && pages.length > 0) break;
      return { pages, error: e };
    }
  }
  return { pages, error: null };
}
