// The centre's schema migrations, one file each in migrations/ (SQL for PostgreSQL). Migration N
// runs once, in one transaction, recorded in centre_migrations. Never edit one that has shipped: add
// a new file and list it here.
import m001 from './migrations/001-fleet.js';
import m002 from './migrations/002-figures.js';
import m003 from './migrations/003-procedure-waits.js';
import m004 from './migrations/004-wait-seconds.js';
import m005 from './migrations/005-figure-rows.js';
import m006 from './migrations/006-procedure-months.js';
import m007 from './migrations/007-transfers.js';
import m008 from './migrations/008-confirmed-fees.js';

export const CENTRE_MIGRATIONS: readonly { name: string; sql: string }[] = [
  { name: '001-fleet', sql: m001 },
  { name: '002-figures', sql: m002 },
  { name: '003-procedure-waits', sql: m003 },
  { name: '004-wait-seconds', sql: m004 },
  { name: '005-figure-rows', sql: m005 },
  { name: '006-procedure-months', sql: m006 },
  { name: '007-transfers', sql: m007 },
  { name: '008-confirmed-fees', sql: m008 },
];
