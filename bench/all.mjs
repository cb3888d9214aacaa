#!/usr/bin/env node
// npm run bench: every benchmark in turn, each writing its section of bench/RESULTS.md, then one
// verdict. A bench that misses a target exits 1 (2 or more when its harness broke); the others still
// run, and this exits non-zero if any did, naming them, so a developer who runs it sees the miss.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BENCHES = ['bench/run.mjs', 'bench/dossiers.mjs', 'bench/printing.mjs', 'bench/scanners.mjs', 'bench/handover.mjs', 'bench/centre.mjs', 'bench/hub.mjs', 'bench/audit.mjs', 'bench/sms.mjs'];

const results = [];
for (const b of BENCHES) {
  const r = spawnSync(process.execPath, [b], { cwd: ROOT, stdio: 'inherit' });
  results.push({ b, code: r.status ?? 128 + 1, signal: r.signal });
}
const bad = results.filter((r) => r.code !== 0);
console.log(`\nbench: ${results.map((r) => `${r.b} ${r.code === 0 ? 'PASS' : r.code === 1 ? 'FAIL (target missed)' : `BROKEN (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`}`).join('; ')}`);
process.exit(bad.length === 0 ? 0 : bad.some((r) => r.code !== 1) ? 2 : 1);
