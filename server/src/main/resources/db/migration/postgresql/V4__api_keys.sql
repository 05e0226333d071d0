-- Issued API keys (PropelAuth end-user API keys with Unkey-style hygiene). Only a keyed digest of
-- each token is stored; a reroll keeps the previous digest valid until previous_valid_until.
CREATE TABLE api_keys (
  id                   TEXT PRIMARY KEY,
  digest               TEXT NOT NULL UNIQUE,
  previous_digest      TEXT UNIQUE,
  previous_valid_until BIGINT,
  start                TEXT NOT NULL,
  user_id              TEXT REFERENCES users (id) ON DELETE CASCADE,
  org_id               TEXT REFERENCES orgs (id) ON DELETE CASCADE,
  display_name         TEXT,
  metadata             TEXT,
  expires_at           BIGINT,
  enabled              BOOLEAN NOT NULL DEFAULT TRUE,
  imported             BOOLEAN NOT NULL DEFAULT FALSE,
  credits_remaining    BIGINT,
  refill_interval      TEXT,
  refill_amount        BIGINT,
  refill_day           INTEGER,
  last_refill_at       BIGINT,
  ratelimits           TEXT NOT NULL DEFAULT '[]',
  created_at           BIGINT NOT NULL,
  updated_at           BIGINT NOT NULL,
  deleted_at           BIGINT,
  last_used_at         BIGINT,
  usage_count          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_keys_user ON api_keys (user_id, created_at);
CREATE INDEX api_keys_org ON api_keys (org_id, created_at);
CREATE INDEX api_keys_created ON api_keys (created_at, id);

CREATE TABLE api_key_usage (
  api_key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
  day        TEXT NOT NULL,
  count      BIGINT NOT NULL,
  PRIMARY KEY (api_key_id, day)
);
