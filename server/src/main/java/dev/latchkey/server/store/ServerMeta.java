package dev.latchkey.server.store;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Small key-value facts about this installation (e.g. the fingerprint of its server secret). */
public final class ServerMeta {
  private ServerMeta() {}

  public static Optional<String> get(Handle h, String key) {
    return h.createQuery("SELECT value FROM server_meta WHERE key = :key")
        .bind("key", key)
        .mapTo(String.class)
        .findOne();
  }

  public static void put(Handle h, String key, String value) {
    h.createUpdate("INSERT INTO server_meta (key, value) VALUES (:key, :value)")
        .bind("key", key)
        .bind("value", value)
        .execute();
  }
}
