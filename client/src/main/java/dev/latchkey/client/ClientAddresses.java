package dev.latchkey.client;

import java.util.regex.Pattern;

/**
 * The end-client address an application names to the server in {@value #HEADER}, so that the server
 * counts failed validations per end client rather than per application. The server takes only hex
 * digits, {@code '.'} and {@code ':'}, at most 64 of them, and otherwise counts against the
 * application's own address; this class refuses what the server would ignore.
 */
final class ClientAddresses {
  static final String HEADER = "X-Latchkey-Client-Address";

  /** The server's bound; the longest IPv6 text form is 45 characters. */
  private static final int MAX_LENGTH = 64;

  private static final Pattern LITERAL = Pattern.compile("^[0-9A-Fa-f.:]+$");

  private ClientAddresses() {}

  /**
   * {@code raw} as the header carries it: stripped, without one pair of surrounding brackets (as
   * some containers write IPv6 remote addresses) and without an IPv6 zone ({@code %eth0}); or null
   * when that is not a plausible IP literal: only hex digits, {@code '.'} and {@code ':'}, at least
   * one {@code '.'} or {@code ':'}, at most 64 characters. Nullable in and out.
   */
  static String plausible(String raw) {
    if (raw == null) {
      return null;
    }
    String a = raw.strip();
    if (a.length() > 2 && a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    int zone = a.indexOf('%');
    if (zone > 0 && a.indexOf(':') >= 0) {
      a = a.substring(0, zone);
    }
    if (a.length() > MAX_LENGTH
        || !LITERAL.matcher(a).matches()
        || (a.indexOf('.') < 0 && a.indexOf(':') < 0)) {
      return null;
    }
    return a;
  }

  /**
   * As {@link #plausible}, for an address a caller passed on purpose: null stays null (no header),
   * anything else must be plausible.
   *
   * @throws IllegalArgumentException naming the value when it is not a plausible IP literal
   */
  static String required(String raw) {
    if (raw == null) {
      return null;
    }
    String address = plausible(raw);
    if (address == null) {
      throw new IllegalArgumentException(
          "clientAddress must be an IPv4 or IPv6 address (hex digits, '.' and ':' only, at most "
              + MAX_LENGTH
              + " characters), got "
              + shown(raw));
    }
    return address;
  }

  /** The value in quotes, cut short and with control characters replaced, for a message. */
  private static String shown(String raw) {
    String cut = raw.length() > MAX_LENGTH ? raw.substring(0, MAX_LENGTH) + "…" : raw;
    return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
