package dev.latchkey.server.common;

/**
 * Who is calling, as one of the credentials the server accepts resolved it: a management key (the
 * whole project; {@code canDecrypt} when it may read decrypted provider keys), a user's access
 * token, or an issued API key (personal: its user; org: its org, and the member it was made for).
 */
public record Principal(Kind kind, String id, String userId, String orgId, boolean canDecrypt) {
  public enum Kind {
    MANAGEMENT_KEY,
    USER,
    API_KEY,
    /** A request signed with an access/secret keypair: {@code id} is the access key. */
    KEYPAIR
  }

  public static Principal managementKey(String keyId, boolean canDecrypt) {
    return new Principal(Kind.MANAGEMENT_KEY, keyId, null, null, canDecrypt);
  }

  public static Principal user(String userId) {
    return new Principal(Kind.USER, userId, userId, null, false);
  }

  public static Principal apiKey(String keyId, String userId, String orgId) {
    return new Principal(Kind.API_KEY, keyId, userId, orgId, false);
  }

  public static Principal keypair(String accessKey, String userId) {
    return new Principal(Kind.KEYPAIR, accessKey, userId, null, false);
  }

  public boolean isManagement() {
    return kind == Kind.MANAGEMENT_KEY;
  }

  /** How the audit log names this caller. */
  public Actor actor() {
    return switch (kind) {
      case MANAGEMENT_KEY -> Actor.managementKey(id);
      case USER -> new Actor("user", id);
      case API_KEY -> new Actor("api_key", id);
      case KEYPAIR -> new Actor("keypair", id);
    };
  }
}
