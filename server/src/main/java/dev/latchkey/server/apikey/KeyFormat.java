package dev.latchkey.server.apikey;

import dev.latchkey.server.crypto.RandomTokens;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The token format, documented for secret scanners: {@code <prefix>_<27 base62 random><6 base62
 * CRC32>}, for example {@code lk_4h9Lq...Zb01Kq}. The 27 random characters carry 160 bits; the last
 * six are the CRC32 of everything before them, base62 with leading zeros, so a mistyped or
 * truncated token is refused without a database read (GitHub's scheme).
 */
final class KeyFormat {
  static final int RANDOM_CHARS = 27;
  static final int CHECKSUM_CHARS = 6;
  static final Pattern PREFIX = Pattern.compile("^[a-z][a-z0-9]{0,15}$");
  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private KeyFormat() {}

  static String generate(String prefix) {
    String random = RandomTokens.base62(20).substring(0, RANDOM_CHARS);
    String head = prefix + "_" + random;
    return head + checksum(head);
  }

  /** True when {@code token} has this format and its checksum matches: no database needed. */
  static boolean wellFormed(String token) {
    // hand-written rather than regular expressions: this runs on every validation
    int sep = token.lastIndexOf('_');
    if (sep < 1 || sep > 16 || token.length() - sep - 1 != RANDOM_CHARS + CHECKSUM_CHARS) {
      return false;
    }
    char first = token.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < sep; i++) {
      char c = token.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    for (int i = sep + 1; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    String head = token.substring(0, token.length() - CHECKSUM_CHARS);
    return checksum(head).equals(token.substring(token.length() - CHECKSUM_CHARS));
  }

  /** What may be shown of a token: its prefix and the first four random characters. */
  static String start(String token) {
    int sep = token.lastIndexOf('_');
    return sep < 0
        ? token.substring(0, Math.min(6, token.length()))
        : token.substring(0, Math.min(token.length(), sep + 5));
  }

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
