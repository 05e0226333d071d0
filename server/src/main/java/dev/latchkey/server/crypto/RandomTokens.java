package dev.latchkey.server.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Random secrets in a copy-paste-safe alphabet (base62: no symbols a shell or URL would mangle).
 */
public final class RandomTokens {
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomTokens() {}

  public static byte[] bytes(int length) {
    byte[] b = new byte[length];
    RANDOM.nextBytes(b);
    return b;
  }

  /** {@code byteLength} random bytes written in base62, left-padded to a fixed width. */
  public static String base62(int byteLength) {
    byte[] raw = bytes(byteLength);
    int width = (int) Math.ceil(byteLength * 8 / (Math.log(62) / Math.log(2)));
    StringBuilder sb = new StringBuilder(width);
    BigInteger n = new BigInteger(1, raw);
    BigInteger base = BigInteger.valueOf(62);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(base);
      sb.append(BASE62[qr[1].intValue()]);
      n = qr[0];
    }
    while (sb.length() < width) {
      sb.append('0');
    }
    return sb.reverse().toString();
  }

  public static String hex(int byteLength) {
    return java.util.HexFormat.of().formatHex(bytes(byteLength));
  }
}
