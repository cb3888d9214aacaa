// @ts-nocheck
// Writing a bench's own section of bench/RESULTS.md (between <!-- name:start --> and
// <!-- name:end -->), with the date, the commit and the machine, leaving the rest of the file alone.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';

export function machineLine(root) {
  let commit = '';
  try {
    commit = execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    commit = '(not a git checkout)';
  }
  return `- Date: ${new Date().toISOString()}; app: ${commit}; ${cpus().length} CPU × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}, Node ${process.version}`;
}

export function writeSection(root, name, title, lines) {
  const file = join(root, 'bench/RESULTS.md');
  const section = [`<!-- ${name}:start -->`, `## ${title}`, '', machineLine(root), ...lines, `<!-- ${name}:end -->`].join('\n');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const re = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`);
  writeFileSync(file, re.test(old) ? old.replace(re, section) : `${old.trimEnd()}\n\n${section}\n`);
  console.error(`bench: wrote bench/RESULTS.md (${name} section)`);
}
