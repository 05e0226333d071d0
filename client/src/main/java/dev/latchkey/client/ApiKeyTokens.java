package dev.latchkey.client;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The documented format of issued API key tokens, {@code <prefix>_<27 base62 random><6 base62
 * CRC32>}, checked offline: a value that fails it is one the server would refuse too, so {@link
 * LatchkeyApiKeys} refuses it without a request (and without spending the server's budget of failed
 * validations from this application).
 */
final class ApiKeyTokens {
  private static final int CHECKSUM_CHARS = 6;
  private static final Pattern FORMAT =
      Pattern.compile("^[a-z][a-z0-9]{0,15}_[0-9A-Za-z]{" + (27 + CHECKSUM_CHARS) + "}$");
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private ApiKeyTokens() {}

  /** Whether {@code token} has the format and its checksum matches. */
  static boolean wellFormed(String token) {
    if (!FORMAT.matcher(token).matches()) {
      return false;
    }
    String head = token.substring(0, token.length() - CHECKSUM_CHARS);
    return checksum(head).equals(token.substring(token.length() - CHECKSUM_CHARS));
  }

  /** The CRC32 of {@code head} in base62, six characters with leading zeros. */
  static String checksum(String head) {
    CRC32 crc = new CRC32();
    crc.update(head.getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] out = new char[CHECKSUM_CHARS];
    for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
      out[i] = BASE62[(int) (value % 62)];
      value /= 62;
    }
    return new String(out);
  }
}
