-- Foundation schema (SQLite). Keep in step with postgresql/V1__foundation.sql.
-- Times are unix seconds; JSON values are text; booleans are 0/1.

CREATE TABLE server_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE management_keys (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  digest        TEXT NOT NULL UNIQUE,
  display_start TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  created_by    TEXT NOT NULL,
  revoked_at    INTEGER,
  last_used_at  INTEGER
);

CREATE TABLE users (
  id                       TEXT PRIMARY KEY,
  email                    TEXT NOT NULL UNIQUE,
  email_confirmed          INTEGER NOT NULL,
  username                 TEXT,
  first_name               TEXT,
  last_name                TEXT,
  picture_url              TEXT,
  password_hash            TEXT,
  mfa_secret               TEXT,
  locked                   INTEGER NOT NULL DEFAULT 0,
  enabled                  INTEGER NOT NULL DEFAULT 1,
  can_create_orgs          INTEGER NOT NULL DEFAULT 0,
  update_password_required INTEGER NOT NULL DEFAULT 0,
  legacy_user_id           TEXT,
  metadata                 TEXT,
  properties               TEXT,
  created_at               INTEGER NOT NULL,
  last_active_at           INTEGER NOT NULL,
  sessions_valid_after     INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE INDEX users_legacy_user_id ON users (legacy_user_id);
CREATE INDEX users_created_at ON users (created_at, id);
CREATE INDEX users_last_active_at ON users (last_active_at, id);

CREATE TABLE orgs (
  id                             TEXT PRIMARY KEY,
  name                           TEXT NOT NULL,
  slug                           TEXT NOT NULL UNIQUE,
  can_setup_saml                 INTEGER NOT NULL DEFAULT 0,
  is_saml_configured             INTEGER NOT NULL DEFAULT 0,
  is_saml_in_test_mode           INTEGER NOT NULL DEFAULT 0,
  max_users                      INTEGER,
  metadata                       TEXT NOT NULL,
  domain                         TEXT,
  extra_domains                  TEXT NOT NULL,
  domain_autojoin                INTEGER NOT NULL DEFAULT 0,
  domain_restrict                INTEGER NOT NULL DEFAULT 0,
  custom_role_mapping_name       TEXT,
  legacy_org_id                  TEXT,
  require_2fa_by                 TEXT,
  password_rotation_enabled      INTEGER NOT NULL DEFAULT 0,
  password_rotation_history_size INTEGER,
  password_rotation_period       INTEGER,
  created_at                     INTEGER NOT NULL
);
CREATE INDEX orgs_created_at ON orgs (created_at, id);
CREATE INDEX orgs_domain ON orgs (domain);
CREATE INDEX orgs_legacy_org_id ON orgs (legacy_org_id);

CREATE TABLE org_members (
  org_id           TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role             TEXT NOT NULL,
  additional_roles TEXT NOT NULL,
  joined_at        INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_members_user ON org_members (user_id);

CREATE TABLE org_invites (
  id               TEXT PRIMARY KEY,
  org_id           TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  email            TEXT NOT NULL,
  role             TEXT NOT NULL,
  additional_roles TEXT NOT NULL,
  inviter_user_id  TEXT,
  inviter_email    TEXT,
  token_digest     TEXT NOT NULL UNIQUE,
  created_at       INTEGER NOT NULL,
  expires_at       INTEGER NOT NULL,
  UNIQUE (org_id, email)
);
CREATE INDEX org_invites_email ON org_invites (email);

CREATE TABLE email_tokens (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose      TEXT NOT NULL,
  email        TEXT NOT NULL,
  token_digest TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX email_tokens_user ON email_tokens (user_id);

CREATE TABLE audit_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  occurred_at INTEGER NOT NULL,
  actor_type  TEXT NOT NULL,
  actor_id    TEXT NOT NULL,
  action      TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  details     TEXT NOT NULL
);
CREATE INDEX audit_events_target ON audit_events (target_id);
CREATE INDEX audit_events_action ON audit_events (action);

CREATE TABLE dev_outbox (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at INTEGER NOT NULL,
  to_address TEXT NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL
);
