package dev.latchkey.server.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Javalin's JSON mapper, serializing in the request's own thread. Javalin's Jackson mapper streams
 * every {@code ctx.json(...)} answer through a pipe filled by a second (virtual) thread: a thread
 * start, a pipe and their garbage for every answer, when answers here are a few kilobytes at most
 * (listings are paged). This one serializes the answer to bytes at once; a value that cannot be
 * serialized fails in the handler, which the error mapping answers with a 500, instead of cutting
 * off an answer already under way.
 */
final class BytesJsonMapper implements JsonMapper {
  private final ObjectMapper json;

  BytesJsonMapper(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public String toJsonString(Object value, Type type) {
    return value instanceof String text ? text : new String(bytes(value), StandardCharsets.UTF_8);
  }

  @Override
  public InputStream toJsonStream(Object value, Type type) {
    return new ByteArrayInputStream(bytes(value));
  }

  private byte[] bytes(Object value) {
    if (value instanceof String text) {
      // as Javalin's own mapper: a string is taken to be JSON already
      return text.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return json.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the answer cannot be serialized", e);
    }
  }
}
