// A counter receiving one dossier through the app's own receipt path (openApp, dossiers.receive), as
// the counter screen and `luudong dossier receive` do, that kills itself with SIGKILL at the K-th row
// the receipt writes: inside its transaction, between two of its writes. Bundled by esbuild at test
// time (tests/reliability/lib/bundle.ts), run as a separate process by two-process.test.ts.
//
//   receipt-child <db> <K> <citizen id> <procedure code>
//
// The rows are seen through TEMP triggers: they live on this process's connection only, are never
// written to the file, and leave the app's code and schema as they ship. Before each write is
// counted it is reported on stdout ("WRITE k table op"); "COMMITTED code" once receive() returned.
import { openApp } from '../../../src/app/open.js';
import { procedureKey } from '../../../src/core/receipt.js';

const [dbFile, killAtArg, citizenId, procedureCode] = process.argv.slice(2) as [string, string, string, string];
const killAt = Number(killAtArg);
const { app } = openApp({ db: dbFile });

/** Every table the receipt writes, and how (the day's number is an upsert: INSERT the first time, UPDATE after). */
const WATCHED = [
  ['dossier_sequences', 'INSERT'],
  ['dossier_sequences', 'UPDATE'],
  ['dossiers', 'INSERT'],
  ['dossier_events', 'INSERT'],
  ['audit_chain', 'INSERT'],
  ['print_jobs', 'INSERT'],
] as const;

let writes = 0;
app.db.function('receipt_child_row_written', (what: unknown) => {
  writes++;
  process.stdout.write(`WRITE ${writes} ${String(what)}\n`); // synchronous on a pipe: the harness has it before the kill
  if (writes === killAt) process.kill(process.pid, 'SIGKILL');
  return null;
});
for (const [table, op] of WATCHED) {
  app.db.exec(`CREATE TEMP TRIGGER seen_${table}_${op} AFTER ${op} ON main.${table} BEGIN SELECT receipt_child_row_written('${table} ${op}'); END`);
}

const p = app.data.procedures.find((x) => x.code === procedureCode);
if (!p) throw new Error(`no procedure ${procedureCode}`);
const documents = p.documents.flatMap((d, i) => (d.mandatory ? [i] : []));
const d = app.dossiers.receive({ citizenId, procedure: procedureKey(p), documents, payment: 'exempt', returnMethod: 'commune_office' });
process.stdout.write(`COMMITTED ${d.code}\n`);
app.db.close();
