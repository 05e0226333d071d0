-- Login state on users, sessions with rotating refresh tokens, TOTP recovery codes, magic links.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER;
ALTER TABLE users ADD COLUMN mfa_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN mfa_pending_secret TEXT;

CREATE TABLE sessions (
  id                   TEXT PRIMARY KEY,
  user_id              TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  session_epoch        INTEGER NOT NULL,
  login_method         TEXT NOT NULL,
  impersonator_user_id TEXT,
  active_org_id        TEXT,
  ip                   TEXT,
  user_agent           TEXT,
  created_at           INTEGER NOT NULL,
  last_used_at         INTEGER NOT NULL,
  expires_at           INTEGER NOT NULL,
  revoked_at           INTEGER,
  revoke_reason        TEXT
);
CREATE INDEX sessions_user ON sessions (user_id, created_at);

CREATE TABLE refresh_tokens (
  digest     TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE recovery_codes (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  digest  TEXT NOT NULL,
  used_at INTEGER,
  PRIMARY KEY (user_id, digest)
);

CREATE TABLE magic_links (
  digest                      TEXT PRIMARY KEY,
  email                       TEXT NOT NULL,
  redirect_to_url             TEXT,
  create_user                 INTEGER NOT NULL,
  single_use                  INTEGER NOT NULL,
  requires_interstitial       INTEGER NOT NULL,
  user_signup_query_parameters TEXT,
  created_at                  INTEGER NOT NULL,
  expires_at                  INTEGER NOT NULL,
  used_at                     INTEGER
);
