// 1: the fleet: communes, vehicles and their keys, request nonces (replay), trips with their tickets
// and queue events, help and ratings, dossiers (their states; personal data only from a bundle),
// handover bundles with their files, the offices' status updates waiting for delivery, planned trips,
// centre staff and purges.
// Shipped: never edit this file; add a new migration.
export default `
  CREATE TABLE communes (
    id serial PRIMARY KEY,
    name text NOT NULL,
    key text NOT NULL UNIQUE              -- the name folded, without "xã"/"phường" and the province
  );

  CREATE TABLE vehicles (
    id serial PRIMARY KEY,
    name text NOT NULL,
    name_key text NOT NULL UNIQUE,
    public_key text,                      -- SPKI PEM of its Ed25519 key (signs requests and bundles)
    fingerprint text UNIQUE,              -- sha256: of the key's DER
    enrol_code_hash text,                 -- sha256 of the one-time enrolment code; null once used
    enrol_expires_at timestamptz,
    enrolled_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL,
    created_by text,
    last_seen_at timestamptz
  );

  CREATE TABLE request_nonces (
    vehicle_id int NOT NULL REFERENCES vehicles,
    nonce text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (vehicle_id, nonce)
  );
  CREATE INDEX request_nonces_at ON request_nonces (at);

  CREATE TABLE trips (
    vehicle_id int NOT NULL REFERENCES vehicles,
    trip_no int NOT NULL,                 -- the vehicle's own trip id
    commune_id int NOT NULL REFERENCES communes,
    commune text NOT NULL,
    place text NOT NULL,
    day date NOT NULL,
    start_time text NOT NULL,
    end_time text NOT NULL,
    opened_at timestamptz NOT NULL,
    closed_at timestamptz,
    payload_sha256 text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (vehicle_id, trip_no)
  );
  CREATE INDEX trips_day ON trips (day);

  CREATE TABLE queue_events (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    event_no bigint NOT NULL,
    ticket_no bigint NOT NULL,
    type text NOT NULL,
    at timestamptz NOT NULL,
    counter smallint,
    grp text,
    priority text,
    PRIMARY KEY (vehicle_id, trip_no, event_no),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );

  -- one row per ticket, folded from its events at ingest (src/core/queue/state.ts)
  CREATE TABLE tickets (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    ticket_no bigint NOT NULL,
    commune_id int NOT NULL,
    day date NOT NULL,
    label text NOT NULL,
    grp text NOT NULL,
    original_grp text NOT NULL,
    priority text,
    walk_in boolean NOT NULL,
    status text NOT NULL,
    issued_at timestamptz NOT NULL,
    wait_ms int,                          -- arrival to first call; null: walk-in, or never called
    service_ms int,                       -- finished spans, summed
    rating smallint CHECK (rating BETWEEN 1 AND 5),
    PRIMARY KEY (vehicle_id, trip_no, ticket_no),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );
  CREATE INDEX tickets_day ON tickets (day);

  CREATE TABLE help (
    vehicle_id int NOT NULL,
    trip_no int NOT NULL,
    kind text NOT NULL,
    n int NOT NULL CHECK (n > 0),
    PRIMARY KEY (vehicle_id, trip_no, kind),
    FOREIGN KEY (vehicle_id, trip_no) REFERENCES trips ON DELETE CASCADE
  );

  CREATE TABLE bundles (
    id uuid PRIMARY KEY,
    vehicle_id int NOT NULL REFERENCES vehicles,
    trip_no int NOT NULL,
    manifest text NOT NULL,               -- manifest.json as signed
    signature text NOT NULL,
    manifest_sha256 text NOT NULL,
    created_at timestamptz NOT NULL,
    to_office text NOT NULL,
    counts jsonb NOT NULL,
    received_at timestamptz NOT NULL
  );
  CREATE INDEX bundles_vehicle ON bundles (vehicle_id, trip_no);

  -- file contents by hash, per vehicle (a vehicle never learns what another sent)
  CREATE TABLE blobs (
    vehicle_id int NOT NULL REFERENCES vehicles,
    sha256 text NOT NULL,
    bytes int NOT NULL,
    data bytea,                           -- null once purged
    received_at timestamptz NOT NULL,
    PRIMARY KEY (vehicle_id, sha256)
  );

  CREATE TABLE bundle_files (
    bundle_id uuid NOT NULL REFERENCES bundles,
    path text NOT NULL,
    sha256 text NOT NULL,
    bytes int NOT NULL,
    PRIMARY KEY (bundle_id, path)
  );

  CREATE TABLE dossiers (
    vehicle_id int NOT NULL REFERENCES vehicles,
    code text NOT NULL,
    trip_no int,
    commune_id int REFERENCES communes,
    ticket_no bigint,
    received_on date NOT NULL,
    received_at timestamptz NOT NULL,
    due_date date NOT NULL,
    procedure_key text NOT NULL,
    procedure_code text,
    procedure_name jsonb NOT NULL,
    field text NOT NULL,
    grp text NOT NULL,
    fee_vnd int NOT NULL CHECK (fee_vnd >= 0),
    payment text NOT NULL,
    return_method text NOT NULL,
    state text NOT NULL,
    state_at timestamptz NOT NULL,
    result_on date,
    events jsonb NOT NULL,                -- [{at, from, to}], checked against the lifecycle
    citizen_id text,                      -- from a handover bundle; emptied by a purge
    personal jsonb,                       -- the bundle's dossier record; emptied by a purge
    bundle_id uuid REFERENCES bundles,
    purge_id int,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (vehicle_id, code)
  );
  CREATE INDEX dossiers_code ON dossiers (code);
  CREATE INDEX dossiers_received ON dossiers (received_on);

  CREATE TABLE citizens (
    vehicle_id int NOT NULL REFERENCES vehicles,
    id text NOT NULL,
    record jsonb NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (vehicle_id, id)
  );

  CREATE TABLE staff (
    id serial PRIMARY KEY,
    name text NOT NULL,
    name_folded text NOT NULL UNIQUE,
    role text NOT NULL CHECK (role IN ('operator','supervisor','admin')),
    pin_hash text NOT NULL,
    pin_salt text NOT NULL,
    failed int NOT NULL DEFAULT 0,
    locked_until timestamptz,
    disabled_at timestamptz,
    created_at timestamptz NOT NULL,
    created_by text
  );

  CREATE TABLE update_imports (
    id serial PRIMARY KEY,
    at timestamptz NOT NULL,
    staff text,
    file_sha256 text NOT NULL,
    format text NOT NULL,
    rows int NOT NULL,
    changes int NOT NULL
  );

  CREATE TABLE office_updates (
    id bigserial PRIMARY KEY,
    import_id int NOT NULL REFERENCES update_imports,
    row_no int NOT NULL,
    vehicle_id int NOT NULL REFERENCES vehicles,
    code text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    day date NOT NULL,
    note text,
    delivered_at timestamptz,
    deliveries int NOT NULL DEFAULT 0,
    outcome text CHECK (outcome IN ('applied','unchanged','refused')),
    reason text,
    acked_at timestamptz
  );
  CREATE INDEX office_updates_pending ON office_updates (vehicle_id, id) WHERE acked_at IS NULL;
  CREATE INDEX office_updates_code ON office_updates (vehicle_id, code);

  CREATE TABLE planned_trips (
    id serial PRIMARY KEY,
    vehicle_id int NOT NULL REFERENCES vehicles,
    commune_id int NOT NULL REFERENCES communes,
    commune text NOT NULL,
    place text NOT NULL,
    day date NOT NULL,
    start_time text NOT NULL,
    end_time text NOT NULL,
    services jsonb NOT NULL,
    note text,
    created_at timestamptz NOT NULL,
    created_by text,
    announced_at timestamptz,
    cancelled_at timestamptz,
    updated_at timestamptz NOT NULL
  );
  CREATE INDEX planned_trips_vehicle ON planned_trips (vehicle_id, day);
  CREATE INDEX planned_trips_day ON planned_trips (day);

  CREATE TABLE purges (
    id serial PRIMARY KEY,
    at timestamptz NOT NULL,
    staff text,
    older_than_days int NOT NULL,
    cutoff timestamptz NOT NULL,
    dossiers int NOT NULL,
    citizens int NOT NULL,
    blobs int NOT NULL
  );
`;
