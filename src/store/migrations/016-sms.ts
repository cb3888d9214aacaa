// 16: text messages to citizens through a USB modem, and the rating keypad in the citizen's hand
// (issue 18). The modem (its SIM PIN is kept beside the database in keys/, owner-only, never here);
// the office's choices (alphabet, when "your turn is near" goes, the daily cap, the visit reminder);
// who asked for messages, by ticket or dossier; the durable outbox of messages, each committed with
// what causes it and unique by (kind, cause), with its parts as the modem took them (the moment a
// part was handed over and the reference the modem gave it: see src/app/sms/outbox.ts for what a
// crash in between means), the delivery reports the network sent back; the rating keypads; and
// whether a rating was pressed by the citizen on a keypad or entered by the operator.
// Shipped: never edit this file once shipped; add a new migration.
export default `
  CREATE TABLE modems (
    name TEXT PRIMARY KEY,
    port TEXT NOT NULL,               -- the AT port, e.g. /dev/serial/by-id/usb-HUAWEI_…-if00-port0
    baud_rate INTEGER NOT NULL,
    sim_pin INTEGER NOT NULL DEFAULT 0 CHECK (sim_pin IN (0, 1)), -- 1: keys/sim-<name>.pin holds the PIN
    host TEXT,                        -- the machine it is plugged into (a station id); NULL: this one
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- What the sender last saw of the modem, for the screens and 'modem status' while it holds the port.
  CREATE TABLE modem_status (
    name TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    state TEXT NOT NULL,              -- ready, noNetwork, sim, unplugged, busy, error
    signal_dbm INTEGER,
    bars INTEGER,
    registration TEXT,
    operator TEXT,
    detail TEXT
  ) WITHOUT ROWID;

  CREATE TABLE sms_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    alphabet TEXT CHECK (alphabet IN ('ucs2', 'gsm7')),  -- NULL: data/sms.json's choice, as for each column
    turn_near INTEGER CHECK (turn_near BETWEEN 1 AND 50),
    daily_cap INTEGER CHECK (daily_cap >= 0),
    reminder_days INTEGER CHECK (reminder_days BETWEEN 0 AND 14),
    reminder_from TEXT
  );

  CREATE TABLE sms_optins (
    kind TEXT NOT NULL CHECK (kind IN ('ticket', 'dossier')),
    ref INTEGER NOT NULL,             -- tickets.id or dossiers.id
    phone TEXT,                       -- E.164; NULL once the messages' time is over (purged)
    ahead INTEGER,                    -- a ticket: how many waited before it when it was issued
    at INTEGER NOT NULL,
    operator TEXT,
    PRIMARY KEY (kind, ref)
  ) WITHOUT ROWID;

  CREATE TABLE sms_messages (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('turn_near', 'receipt', 'result_ready', 'visit_reminder', 'test')),
    cause TEXT NOT NULL,              -- ticket:12, dossier:34, plan:5:dossier:34, test:<time>
    phone TEXT,                       -- E.164; NULL once purged
    text TEXT,                        -- as it goes to the citizen; NULL once purged
    alphabet TEXT NOT NULL CHECK (alphabet IN ('ucs2', 'gsm7')),
    parts INTEGER NOT NULL CHECK (parts >= 1),
    ref INTEGER NOT NULL CHECK (ref BETWEEN 0 AND 255), -- concatenation reference of its parts
    priority INTEGER NOT NULL DEFAULT 0, -- higher first: "your turn is near" cannot wait
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'interrupted', 'cancelled', 'expired')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,         -- not before (back-off, the daily cap)
    expires_at INTEGER,               -- no use after this (the ticket's turn, the visit)
    reason TEXT,                      -- why the last attempt did not send it
    worker TEXT,                      -- host:pid holding it while sending
    delivery TEXT CHECK (delivery IN ('delivered', 'pending', 'failed')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    sent_at INTEGER
  );
  CREATE UNIQUE INDEX sms_messages_cause ON sms_messages (kind, cause);
  CREATE INDEX sms_messages_due ON sms_messages (state, next_at);
  CREATE INDEX sms_messages_sent ON sms_messages (sent_at);

  CREATE TABLE sms_parts (
    message_id INTEGER NOT NULL REFERENCES sms_messages (id),
    part INTEGER NOT NULL,            -- 1-based
    submitted_at INTEGER,             -- its PDU's last byte was about to go: from here the network may have it
    sent_at INTEGER,                  -- the modem answered +CMGS
    mr INTEGER,                       -- the message reference of that answer (0-255)
    status INTEGER,                   -- TP-ST of its delivery report
    reported_at INTEGER,
    PRIMARY KEY (message_id, part)
  ) WITHOUT ROWID;
  CREATE INDEX sms_parts_mr ON sms_parts (mr, sent_at);

  CREATE TABLE sms_reports (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    pdu TEXT,                         -- NULL once purged (it names the recipient)
    mr INTEGER,
    status INTEGER,
    message_id INTEGER,               -- what it was matched to, if anything
    part INTEGER
  );

  CREATE TABLE raters (
    name TEXT PRIMARY KEY,
    target TEXT NOT NULL,             -- vid:pid[:serial] in hex, or a libusb path
    counter INTEGER NOT NULL CHECK (counter BETWEEN 1 AND 99),
    timeout_s INTEGER NOT NULL CHECK (timeout_s BETWEEN 5 AND 600),
    host TEXT,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;

  ALTER TABLE ratings ADD COLUMN source TEXT NOT NULL DEFAULT 'operator' CHECK (source IN ('operator', 'keypad'));
`;
