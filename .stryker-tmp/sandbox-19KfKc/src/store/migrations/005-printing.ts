// @ts-nocheck
// 5: printers, the durable print spool, and files kept with a dossier (its A4 slip, scans)
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  CREATE TABLE printers (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('serial','usb','network','cups','file')),
    target TEXT NOT NULL,
    baud_rate INTEGER,
    paper TEXT NOT NULL CHECK (paper IN ('58','80','a4')),
    profile TEXT NOT NULL CHECK (profile IN ('tcvn3','raster','ascii')),
    native_qr INTEGER NOT NULL DEFAULT 1,  -- 0: QR codes sent as images (no GS ( k on this model)
    -- what this printer prints by default: tickets, slips (thermal), a4 (the A4 slip, reports)
    roles TEXT NOT NULL DEFAULT '[]',
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE print_jobs (
    id INTEGER PRIMARY KEY,
    printer TEXT NOT NULL,
    kind TEXT NOT NULL,               -- ticket, slip, slip_a4, help, figures, test
    ref TEXT,                         -- the ticket label or dossier code it prints
    document TEXT NOT NULL,           -- JSON: what to print (src/app/print/jobs.ts), laid out when printed
    state TEXT NOT NULL CHECK (state IN ('queued','printing','done','failed','interrupted','cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,         -- not before this time (retry back-off)
    reason TEXT,                      -- why the last attempt failed
    worker TEXT,                      -- who holds it while printing
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX print_jobs_due ON print_jobs (state, next_at, id);
  CREATE INDEX print_jobs_ref ON print_jobs (ref);

  CREATE TABLE dossier_files (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    kind TEXT NOT NULL,               -- slip_pdf, scan
    item INTEGER,                     -- scan: the checklist item (0-based document index) it shows
    path TEXT NOT NULL,               -- relative to the database's directory
    mime TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX dossier_files_dossier ON dossier_files (dossier_id);
  `;
