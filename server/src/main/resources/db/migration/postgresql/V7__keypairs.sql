-- Access/secret keypairs with resource policies (Backend.AI KeyPair). The secret key is sealed
-- under the master keyset (associated data: keypairs.secret_key:<access_key>:<user_id>) because
-- verifying a signed request needs it back; it is shown once, at creation.
CREATE TABLE keypair_resource_policies (
  name                               TEXT PRIMARY KEY,
  default_for_unspecified            TEXT NOT NULL DEFAULT 'LIMITED',
  total_resource_slots               TEXT NOT NULL DEFAULT '{}',
  max_session_lifetime               BIGINT NOT NULL DEFAULT 0,
  max_concurrent_sessions            INTEGER NOT NULL DEFAULT 30,
  max_pending_session_count          INTEGER,
  max_pending_session_resource_slots TEXT,
  max_priority                       INTEGER NOT NULL DEFAULT 10,
  max_concurrent_sftp_sessions       INTEGER NOT NULL DEFAULT 1,
  max_containers_per_session         INTEGER NOT NULL DEFAULT 1,
  idle_timeout                       BIGINT NOT NULL DEFAULT 0,
  allowed_vfolder_hosts              TEXT NOT NULL DEFAULT '{}',
  created_at                         BIGINT NOT NULL,
  updated_at                         BIGINT NOT NULL
);
INSERT INTO keypair_resource_policies (name, created_at, updated_at) VALUES ('default', 0, 0);

CREATE TABLE keypairs (
  access_key      TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  secret_key      TEXT NOT NULL,
  is_active       BOOLEAN NOT NULL DEFAULT TRUE,
  is_admin        BOOLEAN NOT NULL DEFAULT FALSE,
  resource_policy TEXT NOT NULL REFERENCES keypair_resource_policies (name),
  rate_limit      BIGINT NOT NULL DEFAULT 10000,
  num_queries     BIGINT NOT NULL DEFAULT 0,
  last_used       BIGINT,
  created_at      BIGINT NOT NULL,
  updated_at      BIGINT NOT NULL
);
CREATE INDEX keypairs_user ON keypairs (user_id, created_at);
CREATE INDEX keypairs_policy ON keypairs (resource_policy);
CREATE INDEX keypairs_created ON keypairs (created_at, access_key);
