package dev.latchkey.server.common;

/**
 * Who performs a change, as written into the audit log: a management key, a user, or the server
 * itself (bootstrap, CLI).
 */
public record Actor(String type, String id) {
  public static final Actor SYSTEM = new Actor("system", "latchkey");

  public static Actor managementKey(String keyId) {
    return new Actor("management_key", keyId);
  }

  public static Actor cli() {
    return new Actor("cli", System.getProperty("user.name", "unknown"));
  }
}
