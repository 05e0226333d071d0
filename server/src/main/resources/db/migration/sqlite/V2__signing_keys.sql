-- RS256 signing keys. The private key is encrypted with the server's data key, bound to its kid.
CREATE TABLE signing_keys (
  kid             TEXT PRIMARY KEY,
  algorithm       TEXT NOT NULL,
  public_key_pem  TEXT NOT NULL,
  private_key     TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  retired_at      INTEGER,
  verify_until    INTEGER
);
