package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who owns a vault workspace. */
public enum WorkspaceOwnerType {
  /** The project: the workspaces management keys use by default. */
  PROJECT,
  /** An organization. */
  ORG,
  /** A user: their personal workspaces. */
  USER,
  /** An owner type this SDK does not know, from a newer server; never sent. */
  UNKNOWN;

  /** The value on the wire: {@code project}, {@code org} or {@code user}. */
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The owner type a wire value names; {@link #UNKNOWN} for null or any other value. */
  @JsonCreator
  public static WorkspaceOwnerType fromWire(String value) {
    for (WorkspaceOwnerType t : values()) {
      if (t != UNKNOWN && t.wire().equals(value)) {
        return t;
      }
    }
    return UNKNOWN;
  }
}
