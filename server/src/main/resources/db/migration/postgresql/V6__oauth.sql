-- OAuth 2.0 client-credentials applications (Union's "API keys"). Only a keyed digest of each
-- client secret is stored; a rotation keeps the previous digest valid until previous_valid_until.
-- An app belongs to a user, an org, or (both null) the project.
CREATE TABLE oauth_apps (
  client_id              TEXT PRIMARY KEY,
  client_name            TEXT NOT NULL,
  user_id                TEXT REFERENCES users (id) ON DELETE CASCADE,
  org_id                 TEXT REFERENCES orgs (id) ON DELETE CASCADE,
  redirect_uris          TEXT NOT NULL,
  grant_types            TEXT NOT NULL,
  scopes                 TEXT,
  secret_digest          TEXT NOT NULL,
  previous_secret_digest TEXT,
  previous_valid_until   BIGINT,
  created_at             BIGINT NOT NULL,
  updated_at             BIGINT NOT NULL
);
CREATE INDEX oauth_apps_user ON oauth_apps (user_id, created_at);
CREATE INDEX oauth_apps_org ON oauth_apps (org_id, created_at);
CREATE INDEX oauth_apps_created ON oauth_apps (created_at, client_id);

-- Access tokens revoked before they expire (RFC 7009), by jti; rows go once the token expired.
CREATE TABLE oauth_revoked_tokens (
  jti        TEXT PRIMARY KEY,
  client_id  TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT NOT NULL
);
CREATE INDEX oauth_revoked_tokens_expiry ON oauth_revoked_tokens (expires_at);
