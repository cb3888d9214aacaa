// 14: the audit chain, keyed and lean (src/store/audit.ts says how an entry is made and checked).
// One entry per audited row: which source (a small number), the row's id, and a 16-byte MAC keyed
// with a secret from the vehicle's key, over the entry before it and the row's content as the trigger
// saw it (luudong_mac_row). Rows that never change are not copied: the check reads them again, so a
// changed row, a changed entry or an entry missing each break the chain where they are. Where a row
// may change later or go (a print job's state, a rating replaced, a trip reopened, an office changed),
// a digest of its content is kept in the entry ("kept") and the MAC covers that (luudong_mac); a
// dossier's personal data, removed after its retention period, is kept as a keyed seal.
//
// The first log (migration 10, unkeyed, a copy of each event in its payload) stays as it was and is
// closed: the chain's first entry, a note, names its entry count and last hash, so the old log cannot
// be rebuilt either. Notes the app writes itself (a login, a refused PIN, a trip reopened, a restore)
// go into audit_notes. Dossier events carry the result date they set, so a dossier's row can be
// checked against its events alone; handovers carry the logged-in operator beside the printed name.
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  DROP TRIGGER audit_queue;
  DROP TRIGGER audit_dossier;
  DROP TRIGGER audit_help;
  DROP TRIGGER audit_rating;
  DROP TRIGGER audit_print_queued;
  DROP TRIGGER audit_print_state;
  DROP TRIGGER audit_trip_open;
  DROP TRIGGER audit_trip_close;
  DROP TRIGGER audit_handover;
  DROP TRIGGER audit_purge;
  DROP TRIGGER audit_operator_add;
  DROP TRIGGER audit_operator_change;

  CREATE TABLE audit_chain (
    seq INTEGER PRIMARY KEY,
    src INTEGER NOT NULL,             -- the source: src/store/audit.ts SOURCES
    ref INTEGER NOT NULL,             -- the row's id in its table (ratings: the ticket's)
    kept BLOB,                        -- 16 bytes where the row may change or go; else NULL
    mac BLOB NOT NULL                 -- 16 bytes (src/store/audit.ts chainMac)
  );
  -- one dossier's receipt and payments checked without walking the chain (the cash statement)
  CREATE INDEX audit_chain_dossier ON audit_chain (ref) WHERE src = 3;
  CREATE INDEX audit_chain_payment ON audit_chain (ref) WHERE src = 16;
  CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
    BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END;
  CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
    BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END;

  CREATE TABLE audit_notes (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    operator TEXT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL             -- JSON array; never a citizen's name, number or address
  );
  CREATE TRIGGER audit_notes_no_update BEFORE UPDATE ON audit_notes
    BEGIN SELECT RAISE(ABORT, 'audit_notes is append-only'); END;
  CREATE TRIGGER audit_notes_no_delete BEFORE DELETE ON audit_notes
    BEGIN SELECT RAISE(ABORT, 'audit_notes is append-only'); END;

  CREATE TABLE vehicle_keys (
    id INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL,        -- sha256 of the vehicle key's public part: the key the chain is made with
    at INTEGER NOT NULL
  );
  CREATE TRIGGER vehicle_keys_no_update BEFORE UPDATE ON vehicle_keys
    BEGIN SELECT RAISE(ABORT, 'vehicle_keys is append-only'); END;
  CREATE TRIGGER vehicle_keys_no_delete BEFORE DELETE ON vehicle_keys
    BEGIN SELECT RAISE(ABORT, 'vehicle_keys is append-only'); END;

  ALTER TABLE dossier_events ADD COLUMN result_on TEXT;
  ALTER TABLE handovers ADD COLUMN operator TEXT;

  -- Result dates of the events before this migration: the date their dossier holds.
  DROP TRIGGER dossier_events_no_update;
  UPDATE dossier_events SET result_on = (SELECT d.result_on FROM dossiers d WHERE d.id = dossier_events.dossier_id)
    WHERE to_state IN ('result_ready', 'refused');
  CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
    WHEN NOT (new.note IS NULL AND new.id = old.id AND new.dossier_id = old.dossier_id AND new.at = old.at
              AND new.from_state IS old.from_state AND new.to_state = old.to_state AND new.operator IS old.operator
              AND new.result_on IS old.result_on
              AND (SELECT purge_id FROM dossiers WHERE id = old.dossier_id) IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;

  -- 1 queue event; the one that issued a ticket with the ticket's trip and label
  CREATE TRIGGER chain_queue AFTER INSERT ON queue_events BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 1, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 1, new.id,
      new.id, new.trip_id, new.ticket_id, new.type, new.at, new.counter, new.grp, new.priority, new.operator,
      CASE WHEN new.type = 'issued' THEN (SELECT trip_id || ':' || label FROM tickets WHERE id = new.ticket_id) END);
  END;
  -- 2 a dossier's state change (the note, removed with personal data, is left out)
  CREATE TRIGGER chain_dossier_event AFTER INSERT ON dossier_events WHEN new.to_state <> 'received' BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 2, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 2, new.id,
      new.id, new.dossier_id, new.at, new.from_state, new.to_state, new.operator, new.result_on);
  END;
  -- 3 a dossier received: the event and what the dossier recorded; its personal data (number, name,
  --   postal address, note, phone, email, whose record) as a keyed seal, kept, since the retention
  --   period removes them
  CREATE TRIGGER chain_dossier_received AFTER INSERT ON dossier_events WHEN new.to_state = 'received' BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 3, new.id, x.seal, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 3, new.id,
      new.id, new.dossier_id, new.at, new.from_state, new.to_state, new.operator, new.result_on,
                     d.code, d.agency, d.received_on, d.seq, d.trip_id, d.ticket_id, d.procedure_key, d.procedure_code, d.procedure_name,
                     d.field, d.grp, d.processing_days, d.documents, d.fee_vnd, d.payment, d.vietqr, d.return_method, d.postal_fee_vnd,
                     d.received_at, d.due_date, d.operator, d.fee_detail, d.due_time, d.register_book, d.register_no, hex(x.seal))
    FROM dossiers d, (SELECT luudong_seal(e.citizen_id, e.citizen_name, e.postal_address, e.note, e.phone, e.email, e.subject) AS seal FROM dossiers e WHERE e.id = new.dossier_id) AS x
    WHERE d.id = new.dossier_id;
  END;
  -- 4 help without a dossier (the citizen, removed with personal data, is left out)
  CREATE TRIGGER chain_help AFTER INSERT ON help_events BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 4, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 4, new.id,
      new.id, new.trip_id, new.ticket_id, new.kind, new.at, new.operator);
  END;
  -- 5 a rating, and a rating replaced
  CREATE TRIGGER chain_rating AFTER INSERT ON ratings BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 5, new.ticket_id, x.d, luudong_mac((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 5, new.ticket_id, x.d)
    FROM (SELECT luudong_digest(new.ticket_id, new.trip_id, new.score, new.at, new.operator) AS d) AS x;
  END;
  CREATE TRIGGER chain_rating_change AFTER UPDATE ON ratings BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 5, new.ticket_id, x.d, luudong_mac((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 5, new.ticket_id, x.d)
    FROM (SELECT luudong_digest(new.ticket_id, new.trip_id, new.score, new.at, new.operator) AS d) AS x;
  END;
  -- 6 a print job queued (its document included); 7 a print job done, failed, cancelled, interrupted
  CREATE TRIGGER chain_print_queued AFTER INSERT ON print_jobs BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 6, new.id, x.d, luudong_mac((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 6, new.id, x.d)
    FROM (SELECT luudong_digest(new.id, new.printer, new.kind, new.ref, new.document, new.created_at) AS d) AS x;
  END;
  CREATE TRIGGER chain_print_state AFTER UPDATE OF state ON print_jobs WHEN new.state IS NOT old.state AND new.state IN ('done','failed','cancelled','interrupted') BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 7, new.id, x.d, luudong_mac((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 7, new.id, x.d)
    FROM (SELECT luudong_digest(new.id, new.state, new.attempts, new.updated_at) AS d) AS x;
  END;
  -- 8 a trip opened; 9 a trip closed
  CREATE TRIGGER chain_trip_open AFTER INSERT ON trips BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 8, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 8, new.id,
      new.id, new.commune, new.place, new.date, new.start_time, new.end_time, new.operators, new.opened_at, new.opened_by, new.office_id, new.office);
  END;
  CREATE TRIGGER chain_trip_close AFTER UPDATE OF closed_at ON trips WHEN old.closed_at IS NULL AND new.closed_at IS NOT NULL BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 9, new.id, x.d, luudong_mac((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 9, new.id, x.d)
    FROM (SELECT luudong_digest(new.id, new.closed_at, new.closed_by) AS d) AS x;
  END;
  -- 10 a handover; 11 a purge
  CREATE TRIGGER chain_handover AFTER INSERT ON handovers BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 10, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 10, new.id,
      new.id, new.uuid, new.at, new.trip_id, new.to_office, new.handed_by, new.dossiers, new.manifest_sha256, new.key_fingerprint, new.operator);
  END;
  CREATE TRIGGER chain_purge AFTER INSERT ON purges BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 11, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 11, new.id,
      new.id, new.at, new.operator, new.older_than_days, new.cutoff, new.dossiers, new.citizens, new.files);
  END;
  -- 12 an operator added; 13 an operator's role, PIN hash or disabling changed
  CREATE TRIGGER chain_operator_add AFTER INSERT ON operators BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 12, new.id, x.d, luudong_mac((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 12, new.id, x.d)
    FROM (SELECT luudong_digest(new.id, new.name, new.name_folded, new.role, new.pin_hash, new.disabled_at, new.created_at, new.created_by) AS d) AS x;
  END;
  CREATE TRIGGER chain_operator_change AFTER UPDATE OF role, pin_hash, disabled_at ON operators BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 13, new.id, x.d, luudong_mac((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 13, new.id, x.d)
    FROM (SELECT luudong_digest(new.id, new.name, new.name_folded, new.role, new.pin_hash, new.disabled_at, new.changed_at, new.changed_by) AS d) AS x;
  END;
  -- 17 a refusal at the desk (its citizen's data, blanked after the retention period, left out);
  -- 18 a request to supplement; 19 an office set up or changed (kept: it changes again)
  CREATE TRIGGER chain_refusal AFTER INSERT ON refusals BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 17, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 17, new.id,
      new.id, new.trip_id, new.agency, new.procedure_key, new.procedure_code, new.reason, new.dossier_id, new.at, new.operator);
  END;
  CREATE TRIGGER chain_supplement AFTER INSERT ON supplement_requests BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 18, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 18, new.id,
      new.id, new.dossier_id, new.items, new.reason, new.contact, new.at, new.operator);
  END;
  CREATE TRIGGER chain_office AFTER INSERT ON offices BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 19, new.rowid, x.d, luudong_mac((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 19, new.rowid, x.d)
    FROM (SELECT luudong_digest(new.id, new.data, new.updated_at, new.updated_by) AS d) AS x;
  END;
  CREATE TRIGGER chain_office_change AFTER UPDATE ON offices BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 19, new.rowid, x.d, luudong_mac((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 19, new.rowid, x.d)
    FROM (SELECT luudong_digest(new.id, new.data, new.updated_at, new.updated_by) AS d) AS x;
  END;

  -- 14 a note written by the app; 15 the vehicle key the chain is made with
  CREATE TRIGGER chain_note AFTER INSERT ON audit_notes BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 14, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 14, new.id,
      new.id, new.at, new.operator, new.kind, new.payload);
  END;
  CREATE TRIGGER chain_vehicle_key AFTER INSERT ON vehicle_keys BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 15, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 15, new.id,
      new.id, new.fingerprint, new.at);
  END;

  -- The chain starts with the key it is made with, and the first log closed: its length, its last
  -- hash, and the last row of each table it logged (those rows are the first log's, not the chain's).
  INSERT INTO vehicle_keys (fingerprint, at) VALUES (luudong_key_fingerprint(), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
  INSERT INTO audit_notes (at, operator, kind, payload)
    SELECT CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), NULL, 'audit.start',
      json_array((SELECT count(*) FROM audit_log), (SELECT lower(hex(hash)) FROM audit_log ORDER BY id DESC LIMIT 1),
        json_object('queue_events', (SELECT ifnull(max(id), 0) FROM queue_events), 'dossier_events', (SELECT ifnull(max(id), 0) FROM dossier_events),
                    'help_events', (SELECT ifnull(max(id), 0) FROM help_events), 'ratings', (SELECT ifnull(max(ticket_id), 0) FROM ratings),
                    'print_jobs', (SELECT ifnull(max(id), 0) FROM print_jobs), 'trips', (SELECT ifnull(max(id), 0) FROM trips),
                    'handovers', (SELECT ifnull(max(id), 0) FROM handovers), 'purges', (SELECT ifnull(max(id), 0) FROM purges),
                    'operators', (SELECT ifnull(max(id), 0) FROM operators), 'refusals', (SELECT ifnull(max(id), 0) FROM refusals),
                    'supplement_requests', (SELECT ifnull(max(id), 0) FROM supplement_requests), 'offices', (SELECT ifnull(max(rowid), 0) FROM offices)));
  `;
