// A workstation for bench/hub.mjs, its own process: links to the hub (a screen's and a board's),
// and on command from stdin (one JSON line each) calls the hub and reports timings on stdout.
//   {"do":"call","n":200,"counter":1}  call-next then finish, n times: each call's round trip
//   {"do":"issue","n":200,"gapMs":30}  issue n tickets: when each call started (epoch ms, µs precision)
//   {"do":"watch"}                     from now on, report when each issued ticket's push arrived
//   {"do":"quit"}
import { openRemote } from '../../src/hub/open.js';
import type { RemoteLuudong } from '../../src/hub/remote.js';

const dir = process.argv[2] as string;
const now = () => performance.timeOrigin + performance.now();
const out = (o: unknown) => process.stdout.write(JSON.stringify(o) + '\n');

const screen: RemoteLuudong = openRemote({ dir, role: 'screen', lang: 'vi', keepAlive: true });
const board: RemoteLuudong = openRemote({ dir, role: 'board', lang: 'vi' });
let watching = false;
const seen = new Set<number>(screen.queueState().tickets.keys());
screen.subscribe((e) => {
  if (e.kind !== 'state' || !watching) return;
  const at = now();
  for (const t of screen.queueState().tickets.values()) {
    if (seen.has(t.id)) continue;
    seen.add(t.id);
    out({ push: t.label, at });
  }
});
out({ ready: true, pid: process.pid });

let buf = '';
process.stdin.on('data', (b: Buffer) => {
  buf += b.toString();
  let i;
  while ((i = buf.indexOf('\n')) >= 0) {
    const cmd = JSON.parse(buf.slice(0, i)) as { do: string; n?: number; counter?: number; gapMs?: number };
    buf = buf.slice(i + 1);
    void run(cmd);
  }
});

async function run(cmd: { do: string; n?: number; counter?: number; gapMs?: number }): Promise<void> {
  if (cmd.do === 'call') {
    const ms: number[] = [];
    for (let k = 0; k < (cmd.n ?? 1); k++) {
      const t0 = now();
      screen.callNext(cmd.counter ?? 1);
      ms.push(now() - t0);
      screen.finish(cmd.counter ?? 1);
      await new Promise((r) => setTimeout(r, 5));
    }
    out({ call: ms });
  } else if (cmd.do === 'issue') {
    const starts: { label: string; at: number }[] = [];
    for (let k = 0; k < (cmd.n ?? 1); k++) {
      const at = now();
      const r = screen.issue('civil');
      starts.push({ label: r.ticket.label, at });
      await new Promise((res) => setTimeout(res, cmd.gapMs ?? 30));
    }
    out({ issued: starts });
  } else if (cmd.do === 'watch') {
    watching = true;
    out({ watching: true });
  } else if (cmd.do === 'quit') {
    screen.close();
    board.close();
    process.exit(0);
  }
}
