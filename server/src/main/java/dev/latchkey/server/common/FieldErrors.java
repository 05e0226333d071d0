package dev.latchkey.server.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects every problem with a request before answering, so that one 400 names all the wrong
 * fields at once. Messages state the rule and, where safe, the value: "must be between 1 and 100,
 * got 500".
 */
public final class FieldErrors {
  private static final Pattern EMAIL =
      Pattern.compile(
          "^[^@\\s\\p{Cntrl}\"(),:;<>\\[\\]\\\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
  public static final int MAX_EMAIL = 254;

  private final Map<String, List<String>> errors = new LinkedHashMap<>();

  public FieldErrors add(String field, String message) {
    errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
    return this;
  }

  public boolean has(String field) {
    return errors.containsKey(field);
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws {@link InvalidInputException} naming every collected field, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }

  /** Returns the trimmed, lower-cased address, or null after recording why it is not one. */
  public String email(String field, String value, boolean required) {
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      add(field, "must not be empty");
      return null;
    }
    if (trimmed.length() > MAX_EMAIL) {
      add(field, "must be at most " + MAX_EMAIL + " characters, got " + trimmed.length());
      return null;
    }
    if (!EMAIL.matcher(trimmed).matches()) {
      add(field, "must be a valid email address");
      return null;
    }
    return trimmed.toLowerCase(java.util.Locale.ROOT);
  }

  /** Returns the trimmed, lower-cased domain, or null after recording why it is not one. */
  public String domain(String field, String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip().toLowerCase(java.util.Locale.ROOT);
    if (trimmed.length() > 253 || !DOMAIN.matcher(trimmed).matches()) {
      add(field, "must be a domain name such as example.com");
      return null;
    }
    return trimmed;
  }

  /**
   * Records an error when a present value is blank or longer than {@code max}; returns it stripped.
   */
  public String text(String field, String value, boolean required, int max) {
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    String stripped = value.strip();
    if (stripped.isEmpty()) {
      add(field, "must not be empty");
      return null;
    }
    if (stripped.length() > max) {
      add(field, "must be at most " + max + " characters, got " + stripped.length());
      return null;
    }
    if (stripped.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      add(field, "must not contain control characters");
      return null;
    }
    return stripped;
  }

  public void range(String field, Long value, long min, long max) {
    if (value != null && (value < min || value > max)) {
      add(field, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  public <T> T required(String field, T value) {
    if (value == null) {
      add(field, "is required");
    }
    return value;
  }

  /** Returns the canonical lower-case UUID, or null after recording why it is not one. */
  public String uuid(String field, String value, boolean required) {
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    if (!Ids.isUuid(value)) {
      add(field, "must be a UUID such as 2ef0e1fc-234f-4dc0-a50c-35adb1bbb7e4");
      return null;
    }
    return value.toLowerCase(java.util.Locale.ROOT);
  }

  public static final int MAX_JSON_BYTES = 16 * 1024;

  /** A JSON object (metadata, properties) as stored text, or null after recording why not. */
  public String jsonObject(String field, com.fasterxml.jackson.databind.JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      add(field, "must be a JSON object");
      return null;
    }
    String text = JsonText.write(value);
    if (text.length() > MAX_JSON_BYTES) {
      add(field, "must be at most " + MAX_JSON_BYTES + " bytes of JSON, got " + text.length());
      return null;
    }
    return text;
  }

  /** An http(s) URL of at most 2048 characters, or null after recording why not. */
  public String url(String field, String value) {
    String v = text(field, value, false, 2048);
    if (v == null) {
      return null;
    }
    try {
      java.net.URI u = new java.net.URI(v);
      if (u.getHost() == null
          || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
        add(field, "must be an http or https URL");
        return null;
      }
      return v;
    } catch (java.net.URISyntaxException e) {
      add(field, "must be an http or https URL");
      return null;
    }
  }
}
