// 13: several laptops, one vehicle (issue 16). The hub's paired workstations (each with its own
// long-term TLS pre-shared key), the requests it has answered (so a retry after a lost answer is
// applied once), its settings (its station id, its epoch after promotions), floors under the
// numbering after a promotion, and which machine each printer and scanner is plugged into.
// Shipped: never edit this file once shipped; add a new migration.
export default `
  CREATE TABLE hub_workstations (
    id TEXT PRIMARY KEY,              -- 'ws-' and 8 hex digits, given at pairing; the TLS-PSK identity
    name TEXT NOT NULL,               -- the laptop's host name, as it said when it joined
    psk BLOB NOT NULL CHECK (length(psk) = 32),
    standby TEXT,                     -- host:port of its standby endpoint (replica and marks), if any
    paired_at INTEGER NOT NULL,
    paired_by TEXT,
    revoked_at INTEGER
  ) WITHOUT ROWID;

  CREATE TABLE hub_requests (
    workstation TEXT NOT NULL,
    id TEXT NOT NULL,                 -- the request id the workstation chose (128 random bits, hex)
    method TEXT NOT NULL,
    args_hash BLOB NOT NULL,          -- sha256 of the arguments: the same id with other arguments is refused
    result TEXT NOT NULL,             -- JSON: {"ok": …} or {"error": {"code", "params"}}
    at INTEGER NOT NULL,
    PRIMARY KEY (workstation, id)
  ) WITHOUT ROWID;
  CREATE INDEX hub_requests_at ON hub_requests (at);

  CREATE TABLE hub_settings (
    key TEXT PRIMARY KEY,             -- station, epoch, replica_key, replica_pub
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  -- After a promotion: numbers given by the old hub that its copy may not have seen. A ticket group
  -- of a trip (kind 'ticket', scope '<trip id>:<prefix>') starts above its floor; dossier codes are
  -- held by dossier_sequences itself.
  CREATE TABLE sequence_floors (
    kind TEXT NOT NULL,
    scope TEXT NOT NULL,
    floor INTEGER NOT NULL CHECK (floor >= 0),
    PRIMARY KEY (kind, scope)
  ) WITHOUT ROWID;

  -- The machine a printer or scanner is plugged into (a station id); NULL: the hub's own, or a
  -- single laptop's.
  ALTER TABLE printers ADD COLUMN host TEXT;
  ALTER TABLE scanners ADD COLUMN host TEXT;
`;
