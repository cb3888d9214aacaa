// 19: a confirmed bank transfer goes to the centre. The dossier's status sent to the centre carries
// when its transfer was confirmed and the bank's reference (paid_at, paid_ref: 15 and 18), so the
// centre sees which transfer paid which dossier; a confirmation is a payment event, not a state
// change, and enqueued nothing (12's trigger is on dossier_events). Now it enqueues the dossier as a
// state change does. Dossiers whose transfer was confirmed after they were last sent go again.
// Shipped: never edit this file once shipped; add a new migration.
export default `
  CREATE TRIGGER outbox_payment_confirmed AFTER INSERT ON payment_events
    WHEN EXISTS (SELECT 1 FROM sync_link)
    BEGIN
      INSERT INTO outbox (kind, ref, created_at) VALUES ('dossier', new.dossier_id, new.at)
        ON CONFLICT (kind, ref) WHERE sent_at IS NULL DO UPDATE SET version = version + 1, refused = NULL;
    END;
  INSERT INTO outbox (kind, ref, created_at)
    SELECT 'dossier', p.dossier_id, max(p.at) FROM payment_events p
    WHERE EXISTS (SELECT 1 FROM sync_link)
      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'dossier' AND o.ref = CAST(p.dossier_id AS TEXT) AND (o.sent_at IS NULL OR o.sent_at >= p.at))
    GROUP BY p.dossier_id
    ON CONFLICT (kind, ref) WHERE sent_at IS NULL DO NOTHING;
  `;
