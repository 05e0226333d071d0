package dev.latchkey.server.oauth;

import java.util.Locale;

/**
 * Client ids derived from the app's name as Union does it: lower-cased, every run of characters
 * other than ASCII letters and digits replaced by one {@code -}. Latchkey also trims leading and
 * trailing dashes and bounds the length; the store adds {@code -2}, {@code -3}, ... on collision.
 */
final class ClientIds {
  static final int MAX_BASE = 64;

  private ClientIds() {}

  /** The normalized name, or an empty string when the name has no letter or digit. */
  static String normalize(String name) {
    String n = name.toLowerCase(Locale.ROOT).replaceAll("[^0-9a-z]+", "-");
    n = trimDashes(n);
    if (n.length() > MAX_BASE) {
      n = trimDashes(n.substring(0, MAX_BASE));
    }
    return n;
  }

  /**
   * Whether {@code id} has only the characters a derived client id can have ({@code a-z}, {@code
   * 0-9}, {@code -}), so that anything else is refused before it reaches a query (a NUL, for one,
   * is an error in PostgreSQL's text type).
   */
  static boolean couldBe(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The {@code n}-th candidate: the base itself, then {@code base-2}, {@code base-3}, ... */
  static String candidate(String base, int n) {
    return n <= 1 ? base : base + "-" + n;
  }

  private static String trimDashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }
}
