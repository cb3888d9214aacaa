// 17: a queue event for the tickets a trip closes on (issue 13 item 5): 'closed', stored with the
// close for every ticket still waiting, set aside, called or at a counter, so the log itself states
// that they were not served (and not absent). The type is checked by a CHECK constraint, which SQLite
// cannot alter: the table is rebuilt as SQLite's ALTER TABLE documentation does it (a new table, the
// rows copied with their ids, the old one dropped, the new one renamed), and its index, append-only
// triggers and audit-chain trigger made again exactly as 001 and 014 left them. The rows keep their
// ids and values, so the audit chain's entries for them still verify. Dropping the table fires no
// trigger (SQLite's implicit DELETE of a DROP TABLE does not); nothing references queue_events.
// Shipped: never edit this file once shipped; add a new migration.
export default `
  CREATE TABLE queue_events_17 (
    id INTEGER PRIMARY KEY,
    trip_id INTEGER NOT NULL REFERENCES trips (id),
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    type TEXT NOT NULL CHECK (type IN ('issued','called','recalled','started','finished','no_show','returned','parked','resumed','transferred','closed')),
    at INTEGER NOT NULL,
    counter INTEGER,
    grp TEXT,
    priority TEXT,
    operator TEXT
  );
  INSERT INTO queue_events_17 (id, trip_id, ticket_id, type, at, counter, grp, priority, operator)
    SELECT id, trip_id, ticket_id, type, at, counter, grp, priority, operator FROM queue_events ORDER BY id;
  DROP TABLE queue_events;
  ALTER TABLE queue_events_17 RENAME TO queue_events;

  CREATE INDEX queue_events_trip ON queue_events (trip_id, id);
  CREATE TRIGGER queue_events_no_update BEFORE UPDATE ON queue_events
    BEGIN SELECT RAISE(ABORT, 'queue_events is append-only'); END;
  CREATE TRIGGER queue_events_no_delete BEFORE DELETE ON queue_events
    BEGIN SELECT RAISE(ABORT, 'queue_events is append-only'); END;
  -- 1 queue event; the one that issued a ticket with the ticket's trip and label (as 014)
  CREATE TRIGGER chain_queue AFTER INSERT ON queue_events BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 1, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 1, new.id,
      new.id, new.trip_id, new.ticket_id, new.type, new.at, new.counter, new.grp, new.priority, new.operator,
      CASE WHEN new.type = 'issued' THEN (SELECT trip_id || ':' || label FROM tickets WHERE id = new.ticket_id) END);
  END;
  `;
