package dev.latchkey.server.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.latchkey.server.common.Actor;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.InvalidInputException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Request parsing shared by every handler: bodies, query parameters, path ids, the caller. */
public final class Http {
  static final String ACTOR = "latchkey.actor";
  static final String PRINCIPAL = "latchkey.principal";
  static final String NUL_MESSAGE = "must not contain the NUL character (U+0000)";
  private final ObjectMapper json;

  public Http(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Reads the JSON body into {@code type}. An empty body counts as {@code {}} (clients send
   * body-less POSTs with a JSON content type); any problem is a 400 naming the field.
   */
  public <T> T body(Context ctx, Class<T> type) {
    return body(ctx.bodyAsBytes(), type);
  }

  /** {@link #body(Context, Class)} for a body already read. */
  public <T> T body(byte[] bytes, Class<T> type) {
    if (isBlank(bytes)) {
      bytes = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    if (mayHoldNul(bytes)) {
      refuseNul(bytes);
    }
    try {
      T value = json.readValue(bytes, type);
      if (value == null) {
        throw InvalidInputException.of("body", "must be a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw InvalidInputException.of(path(e), "is not a known field");
    } catch (MismatchedInputException e) {
      String field = path(e);
      if (field.isEmpty()) {
        throw InvalidInputException.of("body", "must be a JSON object");
      }
      throw InvalidInputException.of(field, "must be " + describe(e.getTargetType()));
    } catch (StreamConstraintsException e) {
      throw InvalidInputException.of("body", "is too deeply nested or too long");
    } catch (JsonMappingException e) {
      String field = path(e);
      throw InvalidInputException.of(field.isEmpty() ? "body" : field, "has an invalid value");
    } catch (JsonProcessingException e) {
      throw InvalidInputException.of("body", "is not valid JSON");
    } catch (IOException e) {
      throw InvalidInputException.of("body", "could not be read");
    }
  }

  /**
   * Whether a JSON body may hold a U+0000 once decoded: a 0x00 byte (a NUL, or any character of a
   * UTF-16 or UTF-32 body) or JSON's six-character escape of it. PostgreSQL refuses U+0000 in text
   * and jsonb, so such a body is scanned by {@link #body(byte[], Class)}; any other body is not.
   */
  public static boolean mayHoldNul(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == 0) {
        return true;
      }
      if (b == '\\'
          && i + 5 < bytes.length
          && bytes[i + 1] == 'u'
          && bytes[i + 2] == '0'
          && bytes[i + 3] == '0'
          && bytes[i + 4] == '0'
          && bytes[i + 5] == '0') {
        return true;
      }
    }
    return false;
  }

  /**
   * A 400 naming the first string or field name holding U+0000, found with a streaming parser.
   * Malformed JSON is left to the full parse, which names the problem.
   */
  private void refuseNul(byte[] bytes) {
    try (JsonParser p = json.getFactory().createParser(bytes)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.currentName().indexOf('\0') >= 0) {
          String object = where(p.getParsingContext().getParent());
          throw InvalidInputException.of(
              object.isEmpty() ? "body" : object,
              "must not have a field name containing the NUL character (U+0000)");
        }
        if (t == JsonToken.VALUE_STRING && p.getText().indexOf('\0') >= 0) {
          String field = where(p.getParsingContext());
          throw InvalidInputException.of(field.isEmpty() ? "body" : field, NUL_MESSAGE);
        }
      }
    } catch (IOException e) {
      // not JSON: the full parse answers with the reason
    }
  }

  /** The path of the current value, as {@link #path(JsonMappingException)} writes it. */
  private static String where(JsonStreamContext context) {
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject() && c.getCurrentName() != null) {
        parts.push(c.getCurrentName());
      } else if (c.inArray()) {
        parts.push("[" + c.getCurrentIndex() + "]");
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String part : parts) {
      sb.append(sb.isEmpty() || part.startsWith("[") ? "" : ".").append(part);
    }
    return sb.toString();
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class || type == dev.latchkey.server.common.Secret.class) {
      return "a string";
    }
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (List.class.isAssignableFrom(type)
        || Collection.class.isAssignableFrom(type)
        || type.isArray()) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)
        || type.isRecord()
        || com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "of another type";
  }

  /**
   * The body of a small request read straight from the connection, or null when its length is not
   * declared or is over {@code limit} (the caller then takes {@link #body(Context, Class)}'s path).
   * For hot routes: Javalin's own body reading costs several times more for a body of a few dozen
   * bytes. The body cannot be read again afterwards.
   */
  public static byte[] smallBody(Context ctx, int limit) {
    long length = ctx.req().getContentLengthLong();
    if (length < 0 || length > limit) {
      return null;
    }
    try {
      byte[] bytes = ctx.req().getInputStream().readNBytes((int) length);
      if (bytes.length != length) {
        throw InvalidInputException.of("body", "is shorter than its Content-Length");
      }
      return bytes;
    } catch (IOException e) {
      throw InvalidInputException.of("body", "could not be read");
    }
  }

  /**
   * Refuses a query parameter holding U+0000 ({@code %00}) with a 400 naming it, before any handler
   * runs: PostgreSQL refuses U+0000 in text. Only a query string holding {@code %00} is decoded
   * here. (Jetty already refuses {@code %00} in the path.)
   */
  static void refuseNulInQuery(Context ctx) {
    String query = ctx.queryString();
    if (query == null || !query.contains("%00")) {
      return;
    }
    for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
      if (e.getKey().indexOf('\0') >= 0) {
        throw InvalidInputException.of(
            "query", "must not have a parameter name containing the NUL character (U+0000)");
      }
      for (String v : e.getValue()) {
        if (v.indexOf('\0') >= 0) {
          throw InvalidInputException.of(e.getKey(), NUL_MESSAGE);
        }
      }
    }
  }

  /** An optional whole-number query parameter. */
  public static Long queryLong(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw InvalidInputException.of(name, "must be an integer, got '" + abbreviate(v) + "'");
    }
  }

  /** An optional boolean query parameter ({@code true} or {@code false}). */
  public static boolean queryBool(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return false;
    }
    return switch (v.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default ->
          throw InvalidInputException.of(
              name, "must be true or false, got '" + abbreviate(v) + "'");
    };
  }

  /** An optional text query parameter; empty counts as absent. */
  public static String query(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** A UUID path parameter, lower-cased; a malformed one is a 400 naming {@code field}. */
  public static String pathUuid(Context ctx, String param, String field) {
    return Ids.uuid(field, ctx.pathParam(param));
  }

  /** Who is calling, as established by {@link Access}. */
  public static Actor actor(Context ctx) {
    Actor actor = ctx.attribute(ACTOR);
    if (actor == null) {
      throw new IllegalStateException("route has no authenticated caller");
    }
    return actor;
  }

  /** The credential of the caller, as established by {@link Access}. */
  public static dev.latchkey.server.common.Principal principal(Context ctx) {
    dev.latchkey.server.common.Principal p = ctx.attribute(PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("route has no authenticated caller");
    }
    return p;
  }

  /**
   * The answer of a mutation that returns nothing: {@code {}} (clients ignore it, but parse it).
   */
  public static void ok(Context ctx) {
    ctx.contentType("application/json").result("{}");
  }

  private static String abbreviate(String v) {
    return v.length() <= 40 ? v : v.substring(0, 40) + "…";
  }
}
