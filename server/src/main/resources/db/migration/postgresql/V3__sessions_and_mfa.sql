-- Login state on users, sessions with rotating refresh tokens, TOTP recovery codes, magic links.
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until BIGINT;
ALTER TABLE users ADD COLUMN mfa_last_step BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN mfa_pending_secret TEXT;

CREATE TABLE sessions (
  id                   TEXT PRIMARY KEY,
  user_id              TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_epoch        BIGINT NOT NULL,
  login_method         TEXT NOT NULL,
  impersonator_user_id TEXT,
  active_org_id        TEXT,
  ip                   TEXT,
  user_agent           TEXT,
  created_at           BIGINT NOT NULL,
  last_used_at         BIGINT NOT NULL,
  expires_at           BIGINT NOT NULL,
  revoked_at           BIGINT,
  revoke_reason        TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, created_at);

CREATE TABLE refresh_tokens (
  digest     TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  used_at    BIGINT
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE recovery_codes (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  digest  TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, digest)
);

CREATE TABLE magic_links (
  digest                      TEXT PRIMARY KEY,
  email                       TEXT NOT NULL,
  redirect_to_url             TEXT,
  create_user                 BOOLEAN NOT NULL,
  single_use                  BOOLEAN NOT NULL,
  requires_interstitial       BOOLEAN NOT NULL,
  user_signup_query_parameters TEXT,
  created_at                  BIGINT NOT NULL,
  expires_at                  BIGINT NOT NULL,
  used_at                     BIGINT
);
