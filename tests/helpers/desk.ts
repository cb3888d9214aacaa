// Driving the counter screen's router without React or a terminal: the real Desk (router.ts) with its
// screens, on a real database; keys in as a person types them, state and views out.
import type { Luudong } from '../../src/app/luudong.js';
import type { Lang } from '../../src/core/lang.js';
import { translator } from '../../src/i18n/index.js';
import { splitKeys } from '../../src/ui/keys/keys.js';
import { Desk } from '../../src/ui/router.js';
import type { DocScanRequest } from '../../src/ui/scanHub.js';
import type { Frame, ScreenEnv, View } from '../../src/ui/screen.js';

export interface TestDesk {
  desk: Desk;
  /** How many times the router asked to quit. */
  quits: number;
  /** Document scans the router asked for. */
  docScans: DocScanRequest[];
  /** How many times an effect wrote. */
  writes: number;
  /** Keys as a person types them, each decided at once (a string may hold several keys). */
  press(...inputs: string[]): void;
  /** Keys of a burst not yet decided by the wedge router (echoes): `typed()` or `scan()` follows. */
  echo(...inputs: string[]): void;
  top(): Frame;
  env(): ScreenEnv;
  view(): View;
  /** The top screen's view as text, one line per row. */
  text(): string;
}

export function testDesk(app: Luudong, lang: Lang = 'en', size = { width: 80, height: 20 }): TestDesk {
  const d: TestDesk = {
    desk: undefined as unknown as Desk,
    quits: 0,
    docScans: [],
    writes: 0,
    press: (...inputs) => {
      for (const raw of inputs) for (const k of splitKeys(raw)) d.desk.key(k, false);
    },
    echo: (...inputs) => {
      for (const raw of inputs) for (const k of splitKeys(raw)) d.desk.key(k, true);
    },
    top: () => d.desk.top(),
    env: () => d.desk.env(),
    view: () => {
      const f = d.desk.top();
      return f.screen.view(f.state, d.desk.env(), size);
    },
    text: () => [d.view().title ?? '', ...d.view().lines.map((l) => (typeof l === 'string' ? l : l.text))].join('\n'),
  };
  d.desk = new Desk(
    app,
    { t: translator(lang), lang, size, lockAfterMs: 0, version: 0 },
    {
      quit: () => void d.quits++,
      // as App.tsx does: the screens' memos (version) move with every write of this desk
      wrote: () => {
        d.writes++;
        d.desk.ctx = { ...d.desk.ctx, version: d.desk.ctx.version + 1 };
      },
      docScan: (r) => (d.docScans.push(r), true),
    },
  );
  return d;
}
