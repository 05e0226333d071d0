package dev.latchkey.server.session;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits, accepted one step either side. */
final class Totp {
  static final long STEP_SECONDS = 30;
  static final int DIGITS = 6;

  private Totp() {}

  static long stepAt(Instant now) {
    return Math.floorDiv(now.getEpochSecond(), STEP_SECONDS);
  }

  /** The code for one time step (RFC 4226 dynamic truncation). */
  static String code(byte[] secret, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary =
          ((hash[offset] & 0x7f) << 24)
              | ((hash[offset + 1] & 0xff) << 16)
              | ((hash[offset + 2] & 0xff) << 8)
              | (hash[offset + 3] & 0xff);
      return String.format("%0" + DIGITS + "d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  /**
   * The time step that {@code code} matches at {@code now} (±1 step), or empty. Constant-time per
   * step.
   */
  static OptionalLong match(byte[] secret, String code, Instant now) {
    if (code == null || !code.matches("\\d{" + DIGITS + "}")) {
      return OptionalLong.empty();
    }
    long current = stepAt(now);
    long found = -1;
    for (long step = current - 1; step <= current + 1; step++) {
      if (MessageDigest.isEqual(code(secret, step).getBytes(), code.getBytes())) {
        found = step;
      }
    }
    return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
  }
}
