// @ts-nocheck
// 8: retention of personal data (src/app/retention.ts): each purge recorded, append-only, and the
// dossiers it covered marked with it, for good. dossier_events stays append-only but for one change:
// the note of an event of a purged dossier set to NULL; its code, states, time and operator stay.
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  CREATE TABLE purges (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    operator TEXT,
    older_than_days INTEGER NOT NULL,
    cutoff INTEGER NOT NULL,          -- dossiers finished before this time (ms) were covered
    dossiers INTEGER NOT NULL,
    citizens INTEGER NOT NULL,
    files INTEGER NOT NULL
  );
  CREATE TRIGGER purges_no_update BEFORE UPDATE ON purges
    BEGIN SELECT RAISE(ABORT, 'purges is append-only'); END;
  CREATE TRIGGER purges_no_delete BEFORE DELETE ON purges
    BEGIN SELECT RAISE(ABORT, 'purges is append-only'); END;
  ALTER TABLE dossiers ADD COLUMN purge_id INTEGER REFERENCES purges (id);
  CREATE TRIGGER dossiers_purge_kept BEFORE UPDATE OF purge_id ON dossiers WHEN old.purge_id IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a purge is never undone'); END;
  DROP TRIGGER dossier_events_no_update;
  CREATE TRIGGER dossier_events_no_update BEFORE UPDATE ON dossier_events
    WHEN NOT (new.note IS NULL AND new.id = old.id AND new.dossier_id = old.dossier_id AND new.at = old.at
              AND new.from_state IS old.from_state AND new.to_state = old.to_state AND new.operator IS old.operator
              AND (SELECT purge_id FROM dossiers WHERE id = old.dossier_id) IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'dossier_events is append-only'); END;
  `;
