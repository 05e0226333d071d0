package dev.latchkey.server.oauth;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scopes (RFC 6749 §3.3): space-delimited tokens of printable ASCII other than {@code "} and {@code
 * \}. An app either lists the scopes it may ask for, or (null) may ask for any; a grant that names
 * no scope receives every scope the app lists.
 */
final class Scopes {
  static final int MAX_REQUEST_CHARS = 4096;

  private Scopes() {}

  /** Printable ASCII without spaces (audiences, client ids in messages). */
  static boolean isPrintable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  static boolean isScopeToken(String s) {
    if (s == null || s.isEmpty() || s.length() > AppInput.MAX_SCOPE) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /**
   * The scopes to grant for a request's {@code scope} parameter (null when absent), or null when
   * the request is not acceptable.
   */
  static List<String> grant(String requested, List<String> allowed) {
    if (requested == null) {
      return allowed == null ? List.of() : allowed;
    }
    if (requested.length() > MAX_REQUEST_CHARS) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (String s : requested.split(" ", -1)) {
      if (s.isEmpty()) {
        continue;
      }
      if (!isScopeToken(s) || (allowed != null && !allowed.contains(s))) {
        return null;
      }
      out.add(s);
    }
    return List.copyOf(out);
  }
}
