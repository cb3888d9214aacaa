// Usage errors and help come out in the operator's language, with exit code 2.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/luudong.js'), ...args], { encoding: 'utf8', env: { ...process.env, LUUDONG_LANG: '' } });

describe('CLI usage', () => {
  it('help is in Vietnamese by default and in English with --lang en', () => {
    const vi = run('queue', '--help');
    expect(vi.status).toBe(0);
    expect(vi.stdout).toContain('Cách dùng:');
    expect(vi.stdout).toContain('gọi số tiếp theo đến quầy');
    const en = run('--lang', 'en', 'queue', '--help');
    expect(en.stdout).toContain('Usage:');
    expect(en.stdout).toContain('call the next ticket to a counter');
  });

  it('an unknown command, an unknown option and a missing argument: a clear message and exit code 2', () => {
    const a = run('queue', 'bogus');
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('Không có lệnh “bogus”');
    const b = run('--frob');
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('Không có tùy chọn “--frob”');
    const c = run('--lang', 'en', 'queue', 'issue');
    expect(c.status).toBe(2);
    expect(c.stderr).toContain('Something is missing');
    const d = run('queue', 'call', '--counter', 'abc');
    expect(d.status).toBe(1);
    expect(d.stderr).toContain('“abc” không phải số hợp lệ');
  });

  it('--version prints the version of package.json; with --json, as { "version": … }', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ['--version', '-V']) {
      const r = run(flag);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
    const j = run('--json', '--version');
    expect(j.status).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual({ version });
    // Before --json or after it, and whatever the language: the same answer.
    expect(JSON.parse(run('--lang', 'en', '--version', '--json').stdout)).toEqual({ version });
  });
});
