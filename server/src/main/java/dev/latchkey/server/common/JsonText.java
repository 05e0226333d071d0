package dev.latchkey.server.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** JSON stored in text columns (metadata objects, string lists); one mapper, never on the wire. */
public final class JsonText {
  private static final ObjectMapper STORAGE = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private JsonText() {}

  public static String write(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return STORAGE.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value is not serializable as JSON", e);
    }
  }

  public static JsonNode readTree(String text) {
    if (text == null) {
      return null;
    }
    try {
      return STORAGE.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is corrupt", e);
    }
  }

  public static List<String> readStrings(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    try {
      return List.copyOf(STORAGE.readValue(text, STRINGS));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON list is corrupt", e);
    }
  }
}
