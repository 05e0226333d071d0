package dev.latchkey.server.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A JSON request body read field by field, so that an absent field and an explicit {@code null}
 * differ (PATCH: {@code null} clears) and every problem is collected into one 400 naming its field.
 * Messages never quote a value: a body may carry a provider key in the wrong field.
 */
final class Input {
  private final JsonNode node;
  private final FieldErrors errors = new FieldErrors();

  private Input(JsonNode node) {
    this.node = node;
  }

  /** The body as an object whose every field is in {@code known}; otherwise a 400. */
  static Input of(JsonNode body, Set<String> known) {
    if (body == null || !body.isObject()) {
      throw InvalidInputException.of("body", "must be a JSON object");
    }
    Input in = new Input(body);
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        in.errors.add(name, unknownFieldMessage(name));
      }
    }
    return in;
  }

  private static String unknownFieldMessage(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT).replace("_", "");
    if (n.equals("apikey") || n.equals("remoteapiauthconfig") || n.equals("authconfig")) {
      return "is not accepted here: store provider keys in the vault (POST /api/v1/byok or"
          + " /user-auth/auth-data) and refer to them by auth_data_ids";
    }
    return "is not a known field";
  }

  FieldErrors errors() {
    return errors;
  }

  boolean has(String field) {
    return node.has(field);
  }

  boolean isNull(String field) {
    return node.has(field) && node.get(field).isNull();
  }

  JsonNode raw(String field) {
    JsonNode v = node.get(field);
    return v == null ? NullNode.getInstance() : v;
  }

  /** A present string, stripped and checked; null when absent, null or invalid. */
  String text(String field, boolean required, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        errors.add(field, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      errors.add(field, "must be a string");
      return null;
    }
    return errors.text(field, v.asText(), required, max);
  }

  /** A present string kept exactly as sent (a key), length-checked; null when absent or null. */
  String exact(String field, boolean required, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        errors.add(field, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      errors.add(field, "must be a string");
      return null;
    }
    String s = v.asText();
    if (s.length() > max) {
      errors.add(field, "must be at most " + max + " characters, got " + s.length());
      return null;
    }
    return s;
  }

  Boolean bool(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      errors.add(field, "must be a boolean");
      return null;
    }
    return v.booleanValue();
  }

  Integer integer(String field, int min, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      errors.add(field, "must be an integer");
      return null;
    }
    long n = v.longValue();
    if (n < min || n > max) {
      errors.add(field, "must be between " + min + " and " + max + ", got " + n);
      return null;
    }
    return (int) n;
  }

  /**
   * A list of distinct non-empty strings (at most {@code maxItems}, each at most {@code
   * maxLength}); null when absent or null.
   */
  List<String> strings(String field, int maxItems, int maxLength) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      errors.add(field, "must be an array of strings or null");
      return null;
    }
    if (v.size() > maxItems) {
      errors.add(field, "must hold at most " + maxItems + " entries, got " + v.size());
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String f = field + "[" + i + "]";
      if (!item.isTextual()) {
        errors.add(f, "must be a string");
        continue;
      }
      String s = errors.text(f, item.asText(), true, maxLength);
      if (s != null) {
        out.add(s);
      }
    }
    return new ArrayList<>(out);
  }

  void throwIfAny() {
    errors.throwIfAny();
  }
}
