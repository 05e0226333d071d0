package dev.latchkey.client.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The SDK's JSON mapper: snake_case names as on the wire, absent (null) request fields left out,
 * unknown response fields ignored so that a newer server does not break an older SDK, and {@link
 * OffsetDateTime} as ISO-8601 text. Not API.
 */
public final class WireJson {
  private WireJson() {}

  /** A new mapper; it is thread-safe once returned. */
  public static ObjectMapper mapper() {
    SimpleModule time = new SimpleModule("latchkey-time");
    time.addSerializer(OffsetDateTime.class, new OffsetDateTimeSerializer());
    time.addDeserializer(OffsetDateTime.class, new OffsetDateTimeDeserializer());
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .defaultPropertyInclusion(
            JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS))
        .addModule(time)
        .build();
  }

  private static final class OffsetDateTimeSerializer extends StdScalarSerializer<OffsetDateTime> {
    private static final long serialVersionUID = 1L;

    OffsetDateTimeSerializer() {
      super(OffsetDateTime.class);
    }

    @Override
    public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class OffsetDateTimeDeserializer
      extends StdScalarDeserializer<OffsetDateTime> {
    private static final long serialVersionUID = 1L;

    OffsetDateTimeDeserializer() {
      super(OffsetDateTime.class);
    }

    @Override
    public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (OffsetDateTime) ctx.handleUnexpectedToken(OffsetDateTime.class, p);
      }
      try {
        return OffsetDateTime.parse(p.getText());
      } catch (DateTimeParseException e) {
        return (OffsetDateTime)
            ctx.handleWeirdStringValue(
                OffsetDateTime.class, p.getText(), "not an ISO-8601 date-time with offset");
      }
    }
  }
}
