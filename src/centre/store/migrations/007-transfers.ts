// 7: which bank transfer paid which dossier. A vehicle now sends, with a dossier whose fee goes by
// bank transfer, when the operator confirmed the transfer arrived and the bank's reference as read
// then (src/core/sync.ts DossierStatus.paidAt, paidRef; a confirmation made after the dossier was
// sent sends it again). Kept with the dossier's row; a confirmation once known is never undone by an
// older send (src/centre/store/ingest.ts). Dossiers already here stay "not known to be confirmed"
// until their vehicle sends them again. `centre payments` lists them by day of receipt.
// Shipped: never edit this file; add a new migration.
export default `
  ALTER TABLE dossiers ADD COLUMN paid_at timestamptz;
  ALTER TABLE dossiers ADD COLUMN paid_ref text;
  CREATE INDEX dossiers_transfers ON dossiers (received_on) WHERE payment = 'bank_qr';
`;
