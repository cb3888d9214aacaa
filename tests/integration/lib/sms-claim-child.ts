// A process that takes messages from the SMS outbox as fast as it can, for the test of two processes
// claiming from one database file (tests/integration/sms-two-senders.test.ts). Bundled by esbuild at
// test time and run as a separate Node process. Once its database is open it says READY and waits
// for the go file (so both race from the same moment), claims until nothing is due, marks each
// claimed one sent, and writes "C <id>" for each.
//
//   node sms-claim-child.mjs <db> <go file>
import { existsSync } from 'node:fs';
import { openApp } from '../../../src/app/open.js';

const [db, go] = process.argv.slice(2) as [string, string];
const { app } = openApp({ db });
process.stdout.write('READY\n');
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 1));
const out: string[] = [];
for (;;) {
  const m = app.sms.claim();
  if (!m) {
    if (app.sms.nextDue() === null) break;
    continue;
  }
  out.push(`C ${m.id}`);
  // Sending takes a while (seconds on a real modem): the other process claims meanwhile. Without
  // this pause one process can take every lock in turn while the other's busy handler sleeps.
  await new Promise((r) => setTimeout(r, 2));
  app.sms.sent(m);
}
app.db.close();
process.stdout.write(out.join('\n') + '\n');
