package dev.latchkey.server.common;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifiers: users and orgs are lower-case canonical UUIDs, as PropelAuth clients require. */
public final class Ids {
  private static final Pattern UUID_PATTERN =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private Ids() {}

  public static String newUuid() {
    return UUID.randomUUID().toString();
  }

  public static boolean isUuid(String value) {
    return value != null && UUID_PATTERN.matcher(value).matches();
  }

  /** Parses a path or body id; a malformed one is a 400 naming {@code field}. */
  public static String uuid(String field, String value) {
    if (!isUuid(value)) {
      throw InvalidInputException.of(
          field, "must be a UUID such as 2ef0e1fc-234f-4dc0-a50c-35adb1bbb7e4");
    }
    return value.toLowerCase(Locale.ROOT);
  }
}
