// 18: the bank's reference of a confirmed transfer, kept with the dossier (issue 13: the transaction
// code the citizen's banking app shows, asked when the operator confirms the money arrived). The
// confirmation's event has carried it since 15 (payment_events.note, chained into the audit log);
// the dossier's paid_ref is the reference of its latest confirmation, as paid_at is its time, so that
// the dossier's details and the trip's money figures read it with the dossier. Filled here from the
// events already logged; the audit check holds it to the latest event, as it holds paid_at.
// Shipped: never edit this file once shipped; add a new migration.
export default `
  ALTER TABLE dossiers ADD COLUMN paid_ref TEXT;
  UPDATE dossiers SET paid_ref = (
    SELECT p.note FROM payment_events p WHERE p.dossier_id = dossiers.id AND p.kind = 'confirmed' ORDER BY p.at DESC, p.id DESC LIMIT 1
  ) WHERE paid_at IS NOT NULL;
  `;
