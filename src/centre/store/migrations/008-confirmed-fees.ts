// 8: a fee paid by bank transfer counts as collected once its vehicle confirmed the transfer (paid_at,
// migration 7), as on the vehicle (src/core/dossier.ts paymentState); awaited until then. The fleet
// report had counted every transfer as awaited, confirmed or not (online payments stay awaited, as
// before). New rows follow src/centre/store/figures.ts; here the rows of the days, and the months,
// that hold a confirmed transfer are counted again (none before migration 7's vehicles sent them).
// Shipped: never edit this file; add a new migration.
export default `
  CREATE TEMP TABLE confirmed_days ON COMMIT DROP AS
    SELECT DISTINCT vehicle_id, received_on AS day FROM dossiers WHERE payment = 'bank_qr' AND paid_at IS NOT NULL;

  UPDATE fig_dossier_days f SET collected = x.collected, awaiting = x.awaiting
  FROM (SELECT vehicle_id, coalesce(commune_id, 0) AS commune_id, received_on AS day, procedure_key, due_date,
               coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND (payment = 'cash' OR (payment = 'bank_qr' AND paid_at IS NOT NULL))), 0) AS collected,
               coalesce(sum(fee_vnd) FILTER (WHERE state <> 'cancelled' AND (payment = 'online' OR (payment = 'bank_qr' AND paid_at IS NULL))), 0) AS awaiting
        FROM dossiers WHERE (vehicle_id, received_on) IN (SELECT vehicle_id, day FROM confirmed_days)
        GROUP BY 1, 2, 3, 4, 5) x
  WHERE f.vehicle_id = x.vehicle_id AND f.commune_id = x.commune_id AND f.day = x.day AND f.procedure_key = x.procedure_key AND f.due_date = x.due_date;

  UPDATE fig_dossier_vdays v SET collected = x.collected, awaiting = x.awaiting
  FROM (SELECT vehicle_id, commune_id, day, sum(collected) AS collected, sum(awaiting) AS awaiting
        FROM fig_dossier_days WHERE (vehicle_id, day) IN (SELECT vehicle_id, day FROM confirmed_days)
        GROUP BY 1, 2, 3) x
  WHERE v.vehicle_id = x.vehicle_id AND v.commune_id = x.commune_id AND v.day = x.day;

  UPDATE fig_proc_months m SET collected = x.collected, awaiting = x.awaiting
  FROM (SELECT vehicle_id, date_trunc('month', day)::date AS month, procedure_key, field, sum(collected)::bigint AS collected, sum(awaiting)::bigint AS awaiting
        FROM fig_dossier_days
        WHERE (vehicle_id, date_trunc('month', day)::date) IN (SELECT DISTINCT vehicle_id, date_trunc('month', day)::date FROM confirmed_days)
        GROUP BY 1, 2, 3, 4) x
  WHERE m.vehicle_id = x.vehicle_id AND m.month = x.month AND m.procedure_key = x.procedure_key AND m.field = x.field;
`;
