-- Foundation schema (PostgreSQL). Keep in step with sqlite/V1__foundation.sql.
-- Times are unix seconds; JSON values are text; booleans are BOOLEAN.

CREATE TABLE server_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE management_keys (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  digest        TEXT NOT NULL UNIQUE,
  display_start TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  created_by    TEXT NOT NULL,
  revoked_at    BIGINT,
  last_used_at  BIGINT
);

CREATE TABLE users (
  id                       TEXT PRIMARY KEY,
  email                    TEXT NOT NULL UNIQUE,
  email_confirmed          BOOLEAN NOT NULL,
  username                 TEXT,
  first_name               TEXT,
  last_name                TEXT,
  picture_url              TEXT,
  password_hash            TEXT,
  mfa_secret               TEXT,
  locked                   BOOLEAN NOT NULL DEFAULT FALSE,
  enabled                  BOOLEAN NOT NULL DEFAULT TRUE,
  can_create_orgs          BOOLEAN NOT NULL DEFAULT FALSE,
  update_password_required BOOLEAN NOT NULL DEFAULT FALSE,
  legacy_user_id           TEXT,
  metadata                 TEXT,
  properties               TEXT,
  created_at               BIGINT NOT NULL,
  last_active_at           BIGINT NOT NULL,
  sessions_valid_after     BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE INDEX users_legacy_user_id ON users (legacy_user_id);
CREATE INDEX users_created_at ON users (created_at, id);
CREATE INDEX users_last_active_at ON users (last_active_at, id);

CREATE TABLE orgs (
  id                             TEXT PRIMARY KEY,
  name                           TEXT NOT NULL,
  slug                           TEXT NOT NULL UNIQUE,
  can_setup_saml                 BOOLEAN NOT NULL DEFAULT FALSE,
  is_saml_configured             BOOLEAN NOT NULL DEFAULT FALSE,
  is_saml_in_test_mode           BOOLEAN NOT NULL DEFAULT FALSE,
  max_users                      INTEGER,
  metadata                       TEXT NOT NULL,
  domain                         TEXT,
  extra_domains                  TEXT NOT NULL,
  domain_autojoin                BOOLEAN NOT NULL DEFAULT FALSE,
  domain_restrict                BOOLEAN NOT NULL DEFAULT FALSE,
  custom_role_mapping_name       TEXT,
  legacy_org_id                  TEXT,
  require_2fa_by                 TEXT,
  password_rotation_enabled      BOOLEAN NOT NULL DEFAULT FALSE,
  password_rotation_history_size INTEGER,
  password_rotation_period       INTEGER,
  created_at                     BIGINT NOT NULL
);
CREATE INDEX orgs_created_at ON orgs (created_at, id);
CREATE INDEX orgs_domain ON orgs (domain);
CREATE INDEX orgs_legacy_org_id ON orgs (legacy_org_id);

CREATE TABLE org_members (
  org_id           TEXT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role             TEXT NOT NULL,
  additional_roles TEXT NOT NULL,
  joined_at        BIGINT NOT NULL,
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
  created_at       BIGINT NOT NULL,
  expires_at       BIGINT NOT NULL,
  UNIQUE (org_id, email)
);
CREATE INDEX org_invites_email ON org_invites (email);

CREATE TABLE email_tokens (
  id           TEXT PRIMARY KEY,
  user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose      TEXT NOT NULL,
  email        TEXT NOT NULL,
  token_digest TEXT NOT NULL UNIQUE,
  created_at   BIGINT NOT NULL,
  expires_at   BIGINT NOT NULL
);
CREATE INDEX email_tokens_user ON email_tokens (user_id);

CREATE TABLE audit_events (
  id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at BIGINT NOT NULL,
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
  id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  created_at BIGINT NOT NULL,
  to_address TEXT NOT NULL,
  subject    TEXT NOT NULL,
  body       TEXT NOT NULL
);
