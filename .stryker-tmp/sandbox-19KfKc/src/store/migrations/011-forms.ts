// @ts-nocheck
// 11: several offices per vehicle, the receipt's new fields, the register's numbering, refusals,
// requests to supplement, and a printer option to skip the status check (issue 14)
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  -- offices set up or changed on the vehicle; they override data/offices.json by id
  CREATE TABLE offices (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,               -- JSON: the whole office, checked
    updated_at INTEGER NOT NULL,
    updated_by TEXT
  );

  -- the office a trip works for, as it stood when the trip was opened (its codes, slips, VietQR)
  ALTER TABLE trips ADD COLUMN office_id TEXT;
  ALTER TABLE trips ADD COLUMN office TEXT;   -- JSON snapshot; NULL on trips opened before

  ALTER TABLE dossiers ADD COLUMN phone TEXT;
  ALTER TABLE dossiers ADD COLUMN email TEXT;
  -- whose record it is when not the applicant's: JSON {kind: birth|death, name, date}
  ALTER TABLE dossiers ADD COLUMN subject TEXT;
  -- how the fee was counted: JSON {type, rule, units, pages, perCopyVnd, capped, channel, exemption, override}
  ALTER TABLE dossiers ADD COLUMN fee_detail TEXT;
  ALTER TABLE dossiers ADD COLUMN due_time TEXT;          -- HH:MM, with due_date
  -- Sổ theo dõi hồ sơ: the book (one a year per agency, "01/2026") and the entry number in it
  ALTER TABLE dossiers ADD COLUMN register_book TEXT;
  ALTER TABLE dossiers ADD COLUMN register_no INTEGER;
  CREATE UNIQUE INDEX dossiers_register ON dossiers (agency, register_book, register_no) WHERE register_no IS NOT NULL;

  CREATE TABLE register_sequences (
    agency TEXT NOT NULL,
    book TEXT NOT NULL,
    last INTEGER NOT NULL CHECK (last >= 1),
    PRIMARY KEY (agency, book)
  ) WITHOUT ROWID;

  -- Phiếu từ chối tiếp nhận giải quyết hồ sơ: logged whether or not a dossier code was given; the
  -- retention purge blanks the citizen's data of old ones (src/app/retention.ts)
  CREATE TABLE refusals (
    id INTEGER PRIMARY KEY,
    trip_id INTEGER REFERENCES trips (id),
    agency TEXT NOT NULL,
    office TEXT NOT NULL,             -- JSON snapshot of the office, as on the form
    citizen_id TEXT REFERENCES citizens (id),
    citizen_name TEXT NOT NULL,
    address TEXT,
    phone TEXT,
    email TEXT,
    procedure_key TEXT NOT NULL,
    procedure_code TEXT,
    procedure_name TEXT NOT NULL,     -- JSON {vi, en}
    reason TEXT NOT NULL,
    dossier_id INTEGER REFERENCES dossiers (id),
    at INTEGER NOT NULL,
    operator TEXT
  );
  CREATE INDEX refusals_trip ON refusals (trip_id);
  CREATE INDEX refusals_at ON refusals (at);

  -- Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: what is missing, why, whom to ask
  CREATE TABLE supplement_requests (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    items TEXT NOT NULL,              -- JSON list {name {vi,en}, form, count}
    reason TEXT NOT NULL,
    contact TEXT,
    at INTEGER NOT NULL,
    operator TEXT
  );
  CREATE INDEX supplement_requests_dossier ON supplement_requests (dossier_id);

  -- 0: a printer (a network print box) that never answers DLE EOT is sent jobs without the check
  ALTER TABLE printers ADD COLUMN status_check INTEGER NOT NULL DEFAULT 1;
  `;
