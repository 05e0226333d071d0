package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The body of {@code updateAiSystem}: only the fields set change, and a cleared field is sent as an
 * explicit JSON {@code null}, which empties it. The source, provider and workspace of a system
 * cannot change. Immutable and thread-safe.
 */
public final class UpdateAiSystemRequest {
  private final Map<String, Object> changes;

  private UpdateAiSystemRequest(Map<String, Object> changes) {
    this.changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
  }

  /** A builder with nothing to change yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** The wire body: each field set, by its wire name, with a cleared one as {@code null}. */
  @JsonValue
  Map<String, Object> body() {
    return changes;
  }

  /** The wire names of the fields this request sets or clears, in the order given. */
  public Set<String> fields() {
    return changes.keySet();
  }

  /** Whether this request clears {@code field} (by its wire name, such as {@code model}). */
  public boolean clears(String field) {
    return changes.containsKey(field) && changes.get(field) == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateAiSystemRequest other && changes.equals(other.changes);
  }

  @Override
  public int hashCode() {
    return changes.hashCode();
  }

  @Override
  public String toString() {
    return "UpdateAiSystemRequest" + changes;
  }

  /**
   * Collects the changes of an {@link UpdateAiSystemRequest}. Setting a field twice, or setting and
   * clearing it, keeps the last call. Arguments are non-null: clear a field with its {@code clear}
   * method. Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, Object> changes = new LinkedHashMap<>();

    private Builder() {}

    private Builder set(String field, Object value, String name) {
      changes.put(field, Objects.requireNonNull(value, name));
      return this;
    }

    private Builder clear(String field) {
      changes.put(field, null);
      return this;
    }

    public Builder name(String value) {
      return set("name", value, "name");
    }

    public Builder model(String value) {
      return set("model", value, "model");
    }

    public Builder clearModel() {
      return clear("model");
    }

    public Builder modelType(String value) {
      return set("model_type", value, "modelType");
    }

    public Builder clearModelType() {
      return clear("model_type");
    }

    /** A new endpoint, an http(s) URL. */
    public Builder endpoint(String value) {
      return set("endpoint", value, "endpoint");
    }

    public Builder clearEndpoint() {
      return clear("endpoint");
    }

    public Builder apiVersion(String value) {
      return set("api_version", value, "apiVersion");
    }

    public Builder clearApiVersion() {
      return clear("api_version");
    }

    /**
     * Replaces the mapped keys, in this order (integer auth ids in decimal, or key UUIDs); the
     * primary stays if kept, else the first becomes primary (reported as a promotion). Copied.
     */
    public Builder authDataIds(List<String> value) {
      return set("auth_data_ids", Copies.list(Objects.requireNonNull(value, "authDataIds")), "");
    }

    /** As {@link #authDataIds(List)}, by {@code authId}. */
    public Builder authDataIds(long... authIds) {
      List<String> refs = new ArrayList<>(authIds.length);
      for (long id : authIds) {
        refs.add(String.valueOf(id));
      }
      return authDataIds(refs);
    }

    /** Moves the primary to this mapped key (an integer auth id in decimal, or a key UUID). */
    public Builder primaryAuthDataId(String value) {
      return set("primary_auth_data_id", value, "primaryAuthDataId");
    }

    /** As {@link #primaryAuthDataId(String)}, by {@code authId}. */
    public Builder primaryAuthDataId(long authId) {
      return primaryAuthDataId(String.valueOf(authId));
    }

    public UpdateAiSystemRequest build() {
      return new UpdateAiSystemRequest(changes);
    }
  }
}
