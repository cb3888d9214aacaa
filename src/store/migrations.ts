// Numbered schema migrations, one file each in migrations/. Migration N brings user_version from N-1
// to N, in one transaction. Never edit a migration that has shipped: add a new file and list it here.
import m001 from './migrations/001-queue.js';
import m002 from './migrations/002-integrity-checks.js';
import m003 from './migrations/003-citizens.js';
import m004 from './migrations/004-dossiers.js';
import m005 from './migrations/005-printing.js';
import m006 from './migrations/006-scanners.js';
import m007 from './migrations/007-handovers.js';
import m008 from './migrations/008-retention.js';
import m009 from './migrations/009-schedule.js';
import m010 from './migrations/010-operators-audit.js';
import m011 from './migrations/011-forms.js';
import m012 from './migrations/012-outbox.js';
import m013 from './migrations/013-hub.js';
import m014 from './migrations/014-audit-chain.js';
import m015 from './migrations/015-payments.js';
import m016 from './migrations/016-sms.js';
import m017 from './migrations/017-queue-closed.js';
import m018 from './migrations/018-payment-reference.js';
import m019 from './migrations/019-payment-outbox.js';

export const APPLICATION_ID = 0x4c55_4447; // "LUDG": marks a file as a luudong database

export const MIGRATIONS: readonly string[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m010,
  m011,
  m012,
  m013,
  m014,
  m015,
  m016,
  m017,
  m018,
  m019,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
