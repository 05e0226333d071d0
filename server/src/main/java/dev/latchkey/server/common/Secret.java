package dev.latchkey.server.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (password, key, token). {@link #toString()} never shows it, equality is
 * constant-time, and reading it takes an explicit, greppable {@link #reveal()} call.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  public byte[] revealBytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  public int length() {
    return value.length();
  }

  /** Constant-time comparison with another secret. */
  public boolean matches(Secret other) {
    return other != null && MessageDigest.isEqual(revealBytes(), other.revealBytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && matches(s);
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }
}
