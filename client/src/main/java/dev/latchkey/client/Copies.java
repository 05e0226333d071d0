package dev.latchkey.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive, deeply unmodifiable copies for the records of this package, so that a record handed
 * out by the SDK can be shared between threads and never changes.
 */
final class Copies {
  private Copies() {}

  /** An unmodifiable copy, or an empty list for null. */
  static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
  }

  /** An unmodifiable copy, or null for null (a request field left unchanged). */
  static <T> List<T> listOrNull(List<T> values) {
    return values == null ? null : list(values);
  }

  /** An unmodifiable copy, or an empty map for null. */
  static <K, V> Map<K, V> map(Map<K, V> values) {
    return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** A deeply unmodifiable copy of free-form JSON (metadata, properties), empty for null. */
  static Map<String, Object> json(Map<String, Object> values) {
    return values == null ? Map.of() : freezeMap(values);
  }

  /** A deeply unmodifiable copy of free-form JSON, or null for null. */
  static Map<String, Object> jsonOrNull(Map<String, Object> values) {
    return values == null ? null : freezeMap(values);
  }

  private static Map<String, Object> freezeMap(Map<?, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
    return Collections.unmodifiableMap(copy);
  }

  private static Object freeze(Object value) {
    if (value instanceof Map<?, ?> m) {
      return freezeMap(m);
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      l.forEach(v -> copy.add(freeze(v)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
