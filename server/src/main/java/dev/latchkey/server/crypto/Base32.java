package dev.latchkey.server.crypto;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;

/** RFC 4648 base32, as MFA (TOTP) secrets are exchanged; case-insensitive, padding optional. */
public final class Base32 {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Base32() {}

  /** Decodes a base32 string (spaces and '=' padding ignored), or empty if it is not base32. */
  public static Optional<byte[]> decode(String text) {
    String s = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      int v = ALPHABET.indexOf(c);
      if (v < 0) {
        return Optional.empty();
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return Optional.of(out.toByteArray());
  }

  public static String encode(byte[] data) {
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }
}
