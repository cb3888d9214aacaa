// The citizen's rating keypad (issue 18): set up per counter (`rater add`), and what a key press on
// it does. After a ticket is finished at the keypad's counter, the question stands for timeout_s
// seconds (the board shows it: question()); a key 1-5 in that time records the rating against that
// ticket, marked as pressed by the citizen; after it, or with no finished ticket, a press records
// nothing. The operator's E key (DossierDesk.rate) stays for a citizen who prefers to say it.
import { DomainError } from '../core/errors.js';
import type { QueueState } from '../core/queue/state.js';
import type { Ticket } from '../core/queue/types.js';
import type { Db, Tx } from '../store/types.js';
import { SmsRepo, type RaterRow } from '../store/sms.js';
import type { DossierDesk } from './dossiers.js';

export interface RaterContext {
  db: Db;
  now(): number;
  write<T>(fn: (tx: Tx) => T): T;
  state(): QueueState;
  dossiers: DossierDesk;
  /** The SMS desk's repository (the keypads' table is beside the modem's): one set of statements. */
  repo?: SmsRepo;
}

const NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,31}$/u;
/** vid:pid[:serial] in hex, or a hidraw path. */
const TARGET = /^([0-9a-f]{4}:[0-9a-f]{4}(:[\x21-\x7e]{1,64})?|\/dev\/hidraw\d{1,3})$/i;

export class RaterDesk {
  private readonly repo: SmsRepo;

  constructor(private readonly ctx: RaterContext) {
    this.repo = ctx.repo ?? new SmsRepo(ctx.db);
  }

  add(r: { name: string; target: string; counter: number; timeoutS: number }): RaterRow {
    if (!NAME.test(r.name)) throw new DomainError('err.rater.name', { name: r.name });
    if (!TARGET.test(r.target.trim())) throw new DomainError('err.rater.target', { target: r.target });
    if (!Number.isInteger(r.counter) || r.counter < 1 || r.counter > 99) throw new DomainError('err.rater.counter', { value: String(r.counter) });
    if (!Number.isInteger(r.timeoutS) || r.timeoutS < 5 || r.timeoutS > 600) throw new DomainError('err.rater.timeout', { value: String(r.timeoutS) });
    this.ctx.write((tx) => {
      const other = this.repo.raters().find((x) => x.counter === r.counter && x.name !== r.name);
      if (other) throw new DomainError('err.rater.counterTaken', { counter: r.counter, name: other.name });
      this.repo.putRater(tx, { ...r, target: r.target.trim() }, this.ctx.now());
    });
    return this.list().find((x) => x.name === r.name) as RaterRow;
  }

  list(): RaterRow[] {
    return this.repo.raters();
  }

  remove(name: string): void {
    this.ctx.write((tx) => {
      if (!this.repo.removeRater(tx, name)) throw new DomainError('err.rater.notFound', { name });
    });
  }

  /** The ticket the question is about at this counter now: finished within the timeout, not rated yet. */
  question(counter: number): Ticket | undefined {
    const r = this.repo.raters().find((x) => x.counter === counter);
    if (!r) return undefined;
    const t = this.ctx.state().lastFinishedAt(counter);
    if (!t || t.finishedAt === null || this.ctx.now() - t.finishedAt > r.timeoutS * 1000) return undefined;
    return this.repo.rated(t.id) ? undefined : t;
  }

  /** A key on the keypad of this counter: the rating of the ticket the question is about, or nothing. */
  pressed(counter: number, digit: number): Ticket | undefined {
    const t = this.question(counter);
    if (!t) return undefined;
    return this.ctx.dossiers.rate(digit, { label: t.label }, 'keypad');
  }
}
