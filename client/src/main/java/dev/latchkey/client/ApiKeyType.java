package dev.latchkey.client;

/** Whom an issued API key belongs to, as {@link ApiKeyQuery} filters by it. */
public enum ApiKeyType {
  /** A personal key: made for a user and no organization. */
  USER("User"),
  /** An org key: made for an organization (and perhaps one of its members). */
  ORG("Org"),
  /** A generic key: made for neither. */
  GENERIC("Generic");

  private final String wire;

  ApiKeyType(String wire) {
    this.wire = wire;
  }

  /** The value on the wire: {@code User}, {@code Org} or {@code Generic}. */
  public String wire() {
    return wire;
  }
}
