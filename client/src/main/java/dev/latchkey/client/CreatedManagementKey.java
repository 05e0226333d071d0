package dev.latchkey.client;

/**
 * The answer to {@code createManagementKey}: the only time the key itself is shown. Store it at
 * once; the server keeps only a digest. Immutable and thread-safe; {@link #toString()} leaves the
 * key out.
 *
 * @param id the key's id, a UUID
 * @param name the name given, or {@code unnamed}
 * @param key the secret key, to be sent as {@code Authorization: Bearer <key>}
 * @param displayStart the first characters of the key, as listings show them
 * @param createdAt when the key was created, in unix seconds
 */
public record CreatedManagementKey(
    String id, String name, String key, String displayStart, long createdAt) {

  @Override
  public String toString() {
    return "CreatedManagementKey[id="
        + id
        + ", name="
        + name
        + ", key=[redacted], displayStart="
        + displayStart
        + ", createdAt="
        + createdAt
        + "]";
  }
}
