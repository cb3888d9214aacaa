// 15: payments confirmed after the receipt. A fee paid by bank transfer is awaited until an operator
// sees it arrive and confirms it (`luudong dossier paid CODE`): one append-only event each, chained
// into the audit log, and the dossier's paid_at the time of the latest (NULL: not confirmed, or
// nothing to confirm: cash is paid at the counter, online before, exempt never). The end-of-trip cash
// statement (src/core/cash.ts) counts transfers awaited and confirmed apart. Transfers recorded
// before this version were taken as paid at receipt: they are confirmed as of their receipt.
// Shipped: never edit this file (tests/integration/migrations.test.ts holds its hash); add a new migration.
export default `
  ALTER TABLE dossiers ADD COLUMN paid_at INTEGER;

  CREATE TABLE payment_events (
    id INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('confirmed')),
    operator TEXT,
    note TEXT                         -- the bank's reference, as the operator read it
  );
  CREATE INDEX payment_events_dossier ON payment_events (dossier_id, id);
  CREATE TRIGGER payment_events_no_update BEFORE UPDATE ON payment_events
    BEGIN SELECT RAISE(ABORT, 'payment_events is append-only'); END;
  CREATE TRIGGER payment_events_no_delete BEFORE DELETE ON payment_events
    BEGIN SELECT RAISE(ABORT, 'payment_events is append-only'); END;
  -- 16 a payment confirmed (src/store/audit.ts)
  CREATE TRIGGER chain_payment AFTER INSERT ON payment_events BEGIN
    INSERT INTO audit_chain (src, ref, kept, mac) SELECT 16, new.id, NULL, luudong_mac_row((SELECT mac FROM audit_chain ORDER BY seq DESC LIMIT 1), 16, new.id,
      new.id, new.dossier_id, new.at, new.kind, new.operator, new.note);
  END;

  INSERT INTO payment_events (dossier_id, at, kind, operator, note)
    SELECT id, received_at, 'confirmed', operator, NULL FROM dossiers WHERE payment = 'bank_qr' ORDER BY id;
  UPDATE dossiers SET paid_at = received_at WHERE payment = 'bank_qr';
  `;
