// vitest global set-up: names this run's PostgreSQL cluster (started by the first test that needs it,
// see tests/helpers/pg.ts) and stops it when the run ends. A run without centre tests starts none.
import { clusterDir, stopCluster } from './pg.js';

export default function setup(): () => void {
  process.env.LUUDONG_TEST_RUN_PID = String(process.pid);
  const dir = clusterDir(process.pid);
  return () => stopCluster(dir);
}
