// Barcode scans at the desk, from any scanner: what a scan is (src/core/scan/classify.ts), the scans
// that could not be used kept for a later look, and the scanners the operator has configured.
import type { DomainData } from '../core/config.js';
import { DomainError } from '../core/errors.js';
import { classifyScan, cleanScan, type ScanKind } from '../core/scan/classify.js';
import { localDate } from '../core/time.js';
import type { Db, Tx } from '../store/types.js';
import { SCANNER_KINDS, type ScannerConfig, type ScannerKind, type ScannerOptions } from '../core/scan/config.js';
import { ScannerRepo } from '../store/scanners.js';

export interface ScanDeskDeps {
  db: Db;
  data: DomainData;
  now: () => number;
  write: <T>(fn: (tx: Tx) => T) => T;
}

/** The wedge's own name as a scan source: the scanner typing through the terminal. */
export const WEDGE_SOURCE = 'wedge';

export class ScanDesk {
  readonly repo: ScannerRepo;

  constructor(private readonly deps: ScanDeskDeps) {
    this.repo = new ScannerRepo(deps.db);
  }

  /**
   * What a complete scan is. Scans that cannot be used (not recognised, damaged by the scanner's
   * encoding, an ID card failing a check) are kept with their raw text, so the supervisor can see
   * what the scanner sent.
   */
  take(raw: string, source: string): ScanKind {
    const kind = classifyScan(raw, this.deps.data.provinces, localDate(this.deps.now()));
    if (kind.kind === 'unknown' || kind.kind === 'encoding' || kind.kind === 'citizenInvalid') {
      // A full disk must not turn a bad scan into a crash: the scan is refused all the same.
      try {
        this.deps.write((tx) => this.repo.logRejected(tx, this.deps.now(), source, kind.kind, cleanScan(raw)));
      } catch {
        /* the operator is told about the scan itself; the log is a convenience */
      }
    }
    return kind;
  }

  /** The scanners plugged into a machine: this laptop (null), or a paired workstation (its id). */
  list(host: string | null = null): ScannerConfig[] {
    return this.repo.list().filter((s) => (s.host ?? null) === host);
  }

  /** Add (or change) a scanner plugged into `host` (null: this laptop); another machine's name is not its to take. */
  add(name: string, kind: string, target: string, options: ScannerOptions, host: string | null = null): ScannerConfig {
    if (!/^[\p{L}\p{N}_.-]{1,32}$/u.test(name)) throw new DomainError('err.scanner.name', { name });
    if (!SCANNER_KINDS.includes(kind as ScannerKind)) throw new DomainError('err.scanner.kind', { kind, kinds: SCANNER_KINDS.join(', ') });
    const k = kind as ScannerKind;
    if (k === 'serial' && !target.startsWith('/')) throw new DomainError('err.scanner.serialTarget', { target });
    if (k === 'hid' && !/^[0-9a-f]{4}:[0-9a-f]{4}(:.+)?$/i.test(target) && !target.startsWith('/dev/hidraw')) throw new DomainError('err.scanner.hidTarget', { target });
    const old = this.repo.get(name);
    if (old && (old.host ?? null) !== host) throw new DomainError('err.scanner.nameTaken', { name });
    if (k === 'wedge' && this.list(host).some((s) => s.kind === 'wedge' && s.name !== name)) throw new DomainError('err.scanner.oneWedge', {});
    this.deps.write((tx) => this.repo.save(tx, { name, kind: k, target: k === 'wedge' ? '' : target, options, host }, this.deps.now()));
    return this.repo.get(name) as ScannerConfig;
  }

  /** Remove a scanner of `host` (null: this laptop); another machine's is not found there. */
  remove(name: string, host: string | null = null): void {
    const s = this.repo.get(name);
    if (!s || (s.host ?? null) !== host || !this.deps.write((tx) => this.repo.remove(tx, name))) throw new DomainError('err.scanner.notFound', { name });
  }

  /** The keyboard wedge's settings, when configured (prefix, suffix, gap). */
  wedge(host: string | null = null): ScannerOptions | undefined {
    return (this.list(host).find((s) => s.kind === 'wedge') ?? this.list(null).find((s) => s.kind === 'wedge'))?.options;
  }
}
