package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a provider credential in the vault holds, as DynamoAI's {@code authType} names it. */
public enum AuthType {
  /** A provider's API key ({@code authConfig: {apiKey}}). */
  REMOTE_CLOUD,
  /** A free-form configuration object, encrypted whole (a custom model's endpoint settings). */
  REMOTE_CUSTOM,
  /** A type this SDK does not know, from a newer server; never sent. */
  UNKNOWN;

  /** The value on the wire: the constant's name. */
  @JsonValue
  public String wire() {
    return name();
  }

  /** The type a wire value names; {@link #UNKNOWN} for null or any other value. */
  @JsonCreator
  public static AuthType fromWire(String value) {
    for (AuthType t : values()) {
      if (t != UNKNOWN && t.name().equals(value)) {
        return t;
      }
    }
    return UNKNOWN;
  }
}
