package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where an AI system's model runs. */
public enum AiSystemSource {
  /** At a provider, reached with the keys mapped to the system. */
  REMOTE,
  /** On the caller's own infrastructure; the system may have no keys. */
  LOCAL,
  /** A source this SDK does not know, from a newer server; never sent. */
  UNKNOWN;

  /** The value on the wire: the constant's name. */
  @JsonValue
  public String wire() {
    return name();
  }

  /** The source a wire value names; {@link #UNKNOWN} for null or any other value. */
  @JsonCreator
  public static AiSystemSource fromWire(String value) {
    for (AiSystemSource s : values()) {
      if (s != UNKNOWN && s.name().equals(value)) {
        return s;
      }
    }
    return UNKNOWN;
  }
}
