// A vitest reporter that fails the run when any test was skipped, unless LUUDONG_ALLOW_SKIP is set.
// Tests here skip only where the machine lacks something (root to mount a tmpfs for the full-disk
// tests): on CI, or on a developer's machine set up by scripts/setup.sh, nothing may be skipped, or a
// run would pass without the reliability proofs. A developer without root runs
// `LUUDONG_ALLOW_SKIP=1 npm test` and is shown what was left out.
import type { Reporter, TestModule, Vitest } from 'vitest/node';

export const ALLOW_SKIP = 'LUUDONG_ALLOW_SKIP';

export default class NoSkips implements Reporter {
  private pattern: RegExp | undefined;

  onInit(vitest: Vitest): void {
    // Tests left out by a name filter (vitest -t) are not skipped by the machine.
    this.pattern = vitest.config.testNamePattern;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const skipped: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const r = t.result();
        if (r.state === 'skipped' && !(this.pattern && !this.pattern.test(t.fullName))) skipped.push(`${m.moduleId.replace(`${process.cwd()}/`, '')} > ${t.fullName}${r.note ? ` (${r.note})` : ''}`);
      }
    }
    if (skipped.length === 0) return;
    const allowed = Boolean(process.env[ALLOW_SKIP]);
    const out = [
      '',
      allowed ? `${skipped.length} test(s) skipped (${ALLOW_SKIP} is set):` : `${skipped.length} test(s) skipped, which fails the run (set ${ALLOW_SKIP}=1 to allow it):`,
      ...skipped.map((s) => `  - ${s}`),
      '',
    ].join('\n');
    process.stderr.write(out);
    if (!allowed) process.exitCode = 1;
  }
}
