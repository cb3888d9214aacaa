// One workstation of the hub's busy morning (hub-morning-harness.ts), as its own process against
// the hub: the desk at counter N calls, sometimes receives a dossier (printed by the hub's worker),
// and finishes; the first desk also issues the tickets, as the kiosk does. What the hub acknowledged
// is printed as "ACK {json}" on stdout. An action whose outcome the link left unknown is pressed
// again, as an operator would after "not sure": same request id, so it is never applied twice.
import { openRemote } from '../../../src/hub/open.js';
import { DomainError } from '../../../src/core/errors.js';
import type { RemoteLuudong } from '../../../src/hub/remote.js';
import { rng } from './idcard.js';

interface DeskArgs {
  dir: string;
  counter: number;
  /** Tickets this desk issues (the kiosk's), 0 for the others. */
  issue: number;
  /** Receipts this desk takes at most. */
  receipts: number;
  /** Tickets in the whole morning: the desks stop when all are served. */
  total: number;
  seed: number;
}

const a = JSON.parse(process.argv[2] as string) as DeskArgs;
const r = rng(a.seed);
const LINK = new Set(['err.hub.down', 'err.hub.pending', 'err.hub.timeout']);
const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
const ack = (o: Record<string, unknown>) => process.stdout.write(`ACK ${JSON.stringify({ ...o, at: Date.now() })}\n`);

/** Ask until the hub answers (the link may be down for a while): a result or a refusal. */
async function until<T>(fn: () => T): Promise<{ ok: T } | { refused: string }> {
  for (;;) {
    try {
      return { ok: fn() };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (!LINK.has(e.code)) return { refused: e.code };
      await sleep(100 + Math.floor(r() * 100));
    }
  }
}

async function main(): Promise<void> {
  let app: RemoteLuudong | undefined;
  while (!app) {
    try {
      app = openRemote({ dir: a.dir, role: 'bench', lang: 'vi', operator: `Quầy ${a.counter}`, callTimeoutMs: 1500 });
    } catch {
      await sleep(300);
    }
  }
  const citizen = `0011520${String(a.counter).padStart(2, '0')}345`;
  const c = await until(() => app.citizenFromInput({ id: citizen, fullName: `Nguyễn Thị ${['Một', 'Hai', 'Ba', 'Bốn'][a.counter - 1] ?? 'Năm'}`, dob: '15/03/1952', gender: 'Nữ', address: 'Thôn Đồi Dùng, Xã Mỹ Đức' }));
  if ('refused' in c) throw new Error(`citizen: ${c.refused}`);
  let issued = 0;
  let receipts = 0;
  const groups = ['civil', 'land', 'finance', 'digital'];
  for (;;) {
    if (issued < a.issue) {
      const g = groups[Math.floor(r() * groups.length)] as string;
      const t = await until(() => app.issue(g));
      if ('ok' in t) ack({ a: 'issue', label: t.ok.ticket.label });
      issued++;
    }
    const cur = app.queueState().currentAt(a.counter);
    if (cur) {
      if (receipts < a.receipts) {
        const d = await until(() => app.dossiers.receive({ citizenId: citizen, procedure: '1.001193', documents: [0, 1, 2], payment: 'exempt', returnMethod: 'commune_office' }, { counter: a.counter }));
        if ('ok' in d) {
          ack({ a: 'receive', code: d.ok.code, label: cur.label });
          receipts++;
        } else ack({ a: 'refused', what: 'receive', code: d.refused });
      }
      const f = await until(() => app.finish(a.counter));
      if ('ok' in f) ack({ a: 'finish', label: f.ok.ticket.label, counter: a.counter });
      continue;
    }
    const n = await until(() => app.callNext(a.counter));
    if ('ok' in n) {
      ack({ a: 'call', label: n.ok.ticket.label, counter: a.counter });
      continue;
    }
    if (n.refused !== 'err.noneWaiting') ack({ a: 'refused', what: 'call', code: n.refused });
    // nobody waiting: the morning is over once every ticket was issued and none is waiting or served
    const s = app.queueState();
    const open = [...s.tickets.values()].filter((t) => t.status !== 'done').length;
    if (s.tickets.size >= a.total && open === 0) break;
    await sleep(30);
    app.refresh();
  }
  process.stdout.write('DONE\n');
  app.close();
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
