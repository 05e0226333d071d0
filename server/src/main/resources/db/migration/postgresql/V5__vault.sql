-- Provider-key vault: workspaces, provider credentials (sealed with the master keyset), AI systems
-- and their credential mappings. Management keys gain the decrypt permission resolve needs.
ALTER TABLE management_keys ADD COLUMN can_decrypt BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE workspaces (
  id         TEXT PRIMARY KEY,
  owner_type TEXT NOT NULL,
  owner_id   TEXT NOT NULL,
  name       TEXT NOT NULL,
  is_default BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  deleted_at BIGINT
);
CREATE UNIQUE INDEX workspaces_one_default ON workspaces (owner_type, owner_id) WHERE is_default;
CREATE INDEX workspaces_owner ON workspaces (owner_type, owner_id);

CREATE TABLE provider_credentials (
  auth_id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id                     TEXT NOT NULL UNIQUE,
  workspace_id           TEXT NOT NULL REFERENCES workspaces (id),
  auth_type              TEXT NOT NULL,
  provider               TEXT NOT NULL,
  name                   TEXT,
  label                  TEXT NOT NULL,
  secret                 TEXT,
  disabled               BOOLEAN NOT NULL DEFAULT FALSE,
  is_fallback            BOOLEAN NOT NULL DEFAULT FALSE,
  is_required            BOOLEAN NOT NULL DEFAULT FALSE,
  is_byok_only           BOOLEAN NOT NULL DEFAULT FALSE,
  declared_zdr           BOOLEAN,
  allowed_models         TEXT,
  allowed_api_key_hashes TEXT,
  allowed_user_ids       TEXT,
  sort_order             INTEGER NOT NULL DEFAULT 0,
  created_by             TEXT,
  created_at             BIGINT NOT NULL,
  updated_at             BIGINT NOT NULL,
  deleted_at             BIGINT
);
CREATE INDEX provider_credentials_workspace ON provider_credentials (workspace_id, provider, sort_order);

CREATE TABLE ai_systems (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id),
  name         TEXT NOT NULL,
  source       TEXT NOT NULL,
  provider     TEXT,
  model        TEXT,
  model_type   TEXT,
  config       TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX ai_systems_workspace ON ai_systems (workspace_id, created_at);

CREATE TABLE ai_system_credentials (
  mapping_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ai_system_id TEXT NOT NULL REFERENCES ai_systems (id) ON DELETE CASCADE,
  auth_id      BIGINT NOT NULL REFERENCES provider_credentials (auth_id) ON DELETE CASCADE,
  is_primary   BOOLEAN NOT NULL,
  position     INTEGER NOT NULL,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  UNIQUE (ai_system_id, auth_id)
);
CREATE INDEX ai_system_credentials_auth ON ai_system_credentials (auth_id);
