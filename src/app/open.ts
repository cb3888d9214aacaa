// Opening the app for a front door: resolve and open the one database, load data/, seed the demo.
import type { Lang } from '../core/lang.js';
import { existsSync } from 'node:fs';
import { localDate } from '../core/time.js';
import { openStore, resolveDbPath } from '../store/db.js';
import { loadDomainData } from './data.js';
import { Luudong } from './luudong.js';

export interface OpenAppOptions {
  db?: string;
  demo?: boolean;
  operator?: string;
  now?: () => number;
  /** The language of printed tickets and slips. */
  lang?: Lang;
}

export function openApp(opts: OpenAppOptions = {}): { app: Luudong; file: string; created: boolean } {
  const file = resolveDbPath(opts);
  const created = !existsSync(file);
  const data = loadDomainData();
  const { db, gate } = openStore(file, opts.now);
  const app = new Luudong({ db, data, file, gate, operator: opts.operator ?? null, ...(opts.now ? { now: opts.now } : {}), ...(opts.lang ? { lang: opts.lang } : {}) });
  if (opts.demo && created) seedDemo(new Luudong({ db, data, file, operator: 'Nguyễn Thị Lan', now: demoClock(app.now()) }));
  return { app, file, created };
}

/** A clock for the demo's past: starts 40 minutes ago and moves 3 minutes at each reading, up to now. */
function demoClock(now: number): () => number {
  let t = now - 40 * 60_000;
  return () => (t = Math.min(now, t + 3 * 60_000));
}

/** A demo morning: a trip at Đồi Dùng with three counters and a few citizens already waiting. */
export function seedDemo(app: Luudong): void {
  const now = app.now();
  app.openTrip({
    commune: 'Xã Mỹ Đức, Hà Nội',
    place: 'Nhà văn hóa thôn Đồi Dùng',
    date: localDate(now),
    start: '07:30',
    end: '11:30',
    operators: ['Nguyễn Thị Lan', 'Trần Văn Hùng'],
    counters: [
      { no: 1, groups: ['civil', 'welfare', 'merit'] },
      { no: 2, groups: ['land', 'finance', 'labour'] },
      { no: 3, groups: ['digital', 'legal'] },
    ],
  });
  const tickets: [string, string | null][] = [
    ['civil', null],
    ['civil', 'elderly'],
    ['digital', null],
    ['land', null],
    ['welfare', 'disability'],
    ['civil', null],
    ['digital', 'elderly'],
    ['legal', null],
  ];
  for (const [g, p] of tickets) app.issue(g, p);
  app.callNext(1);
  app.start(1);
  app.callNext(3);
}
