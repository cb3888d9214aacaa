// @ts-nocheck
// 10: operators (name, role, PIN as scrypt with its own salt, lock-out after failed PINs) and the
// audit log: one entry per event, written by triggers in the same transaction as the event, each
// entry's hash covering the previous one (luudong_chain, registered on every connection by
// src/store/audit.ts). Payloads hold codes, states, times and operators, never a citizen's name,
// number or address (those are removed after the retention period; the chain must not keep them).
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  CREATE TABLE operators (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_folded TEXT NOT NULL UNIQUE,  -- one "Lan" whatever the marks and case
    role TEXT NOT NULL CHECK (role IN ('operator','supervisor','admin')),
    pin_hash TEXT NOT NULL,            -- scrypt, hex
    pin_salt TEXT NOT NULL,            -- 16 random bytes, hex
    failed INTEGER NOT NULL DEFAULT 0, -- failed PINs in a row
    locked_until INTEGER,
    disabled_at INTEGER,
    created_at INTEGER NOT NULL,
    created_by TEXT,
    changed_at INTEGER,
    changed_by TEXT
  );

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    operator TEXT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,            -- JSON array: the row's id and what it recorded beyond time, operator, kind
    hash BLOB NOT NULL                -- sha256 of the previous entry's hash and this entry (src/store/audit.ts)
  );
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_queue AFTER INSERT ON queue_events BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'queue.' || new.type, x.payload, luudong_chain(x.prev, new.at, new.operator, 'queue.' || new.type, x.payload)
      FROM (SELECT json_array(new.id, new.ticket_id, new.counter, new.grp, new.priority) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_dossier AFTER INSERT ON dossier_events BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'dossier.' || new.to_state, x.payload, luudong_chain(x.prev, new.at, new.operator, 'dossier.' || new.to_state, x.payload)
      FROM (SELECT json_array(new.id, (SELECT code FROM dossiers WHERE id = new.dossier_id), new.from_state) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_help AFTER INSERT ON help_events BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'help.' || new.kind, x.payload, luudong_chain(x.prev, new.at, new.operator, 'help.' || new.kind, x.payload)
      FROM (SELECT json_array(new.id, new.trip_id, new.ticket_id) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_rating AFTER INSERT ON ratings BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'rating', x.payload, luudong_chain(x.prev, new.at, new.operator, 'rating', x.payload)
      FROM (SELECT json_array(new.ticket_id, new.score) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_print_queued AFTER INSERT ON print_jobs BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.created_at, NULL, 'print.queued', x.payload, luudong_chain(x.prev, new.created_at, NULL, 'print.queued', x.payload)
      FROM (SELECT json_array(new.id, new.printer, new.kind, new.ref) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_print_state AFTER UPDATE OF state ON print_jobs WHEN new.state IS NOT old.state AND new.state IN ('done','failed','cancelled','interrupted') BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.updated_at, NULL, 'print.' || new.state, x.payload, luudong_chain(x.prev, new.updated_at, NULL, 'print.' || new.state, x.payload)
      FROM (SELECT json_array(new.id, new.attempts) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_trip_open AFTER INSERT ON trips BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.opened_at, new.opened_by, 'trip.open', x.payload, luudong_chain(x.prev, new.opened_at, new.opened_by, 'trip.open', x.payload)
      FROM (SELECT json_array('trips', new.id, new.commune, new.place, new.date, new.opened_at, new.opened_by) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_trip_close AFTER UPDATE OF closed_at ON trips WHEN old.closed_at IS NULL AND new.closed_at IS NOT NULL BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.closed_at, new.closed_by, 'trip.close', x.payload, luudong_chain(x.prev, new.closed_at, new.closed_by, 'trip.close', x.payload)
      FROM (SELECT json_array('trips', new.id, new.closed_at, new.closed_by) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_handover AFTER INSERT ON handovers BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.handed_by, 'handover.export', x.payload, luudong_chain(x.prev, new.at, new.handed_by, 'handover.export', x.payload)
      FROM (SELECT json_array('handovers', new.id, new.uuid, new.trip_id, new.to_office, new.dossiers, new.manifest_sha256, new.at) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_purge AFTER INSERT ON purges BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.at, new.operator, 'purge', x.payload, luudong_chain(x.prev, new.at, new.operator, 'purge', x.payload)
      FROM (SELECT json_array('purges', new.id, new.older_than_days, new.cutoff, new.dossiers, new.citizens, new.files, new.at) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_operator_add AFTER INSERT ON operators BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.created_at, new.created_by, 'operator.add', x.payload, luudong_chain(x.prev, new.created_at, new.created_by, 'operator.add', x.payload)
      FROM (SELECT json_array('operators', new.id, new.name, new.role, new.created_at, new.created_by) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  CREATE TRIGGER audit_operator_change AFTER UPDATE OF role, pin_hash, disabled_at ON operators BEGIN
    INSERT INTO audit_log (at, operator, kind, payload, hash)
      SELECT new.changed_at, new.changed_by, 'operator.change', x.payload, luudong_chain(x.prev, new.changed_at, new.changed_by, 'operator.change', x.payload)
      FROM (SELECT json_array('operators', new.id, new.name, new.role, new.pin_hash IS NOT old.pin_hash, new.disabled_at, new.changed_at, new.changed_by) AS payload,
                   (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS x;
  END;
  `;
