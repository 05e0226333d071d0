package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The body of {@code updateByokKey}: only the fields set change. A field can also be cleared, which
 * sends an explicit JSON {@code null}: that is how an allowlist is lifted ({@link
 * Builder#clearAllowedModels()}: no restriction again) or {@code declared_zdr} goes back to
 * inherited. A field neither set nor cleared is left out of the request and keeps its value.
 * Immutable and thread-safe; {@link #toString()} leaves a new key out.
 */
public final class UpdateByokKeyRequest {
  private final Map<String, Object> changes;

  private UpdateByokKeyRequest(Map<String, Object> changes) {
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

  /**
   * Whether this request clears {@code field} (by its wire name, such as {@code allowed_models}).
   */
  public boolean clears(String field) {
    return changes.containsKey(field) && changes.get(field) == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateByokKeyRequest other && changes.equals(other.changes);
  }

  @Override
  public int hashCode() {
    return changes.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("UpdateByokKeyRequest[");
    String separator = "";
    for (Map.Entry<String, Object> e : changes.entrySet()) {
      sb.append(separator)
          .append(e.getKey())
          .append('=')
          .append(e.getKey().equals("key") ? "[redacted]" : e.getValue());
      separator = ", ";
    }
    return sb.append(']').toString();
  }

  /**
   * Collects the changes of an {@link UpdateByokKeyRequest}. Setting a field twice, or setting and
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

    private Builder setList(String field, List<String> value, String name) {
      return set(field, Copies.list(Objects.requireNonNull(value, name)), name);
    }

    private Builder clear(String field) {
      changes.put(field, null);
      return this;
    }

    /** A new name, at most 200 characters. */
    public Builder name(String value) {
      return set("name", value, "name");
    }

    /** A new provider key, rotated in place: same id, same mappings; validated like a new one. */
    public Builder key(String value) {
      return set("key", value, "key");
    }

    public Builder disabled(boolean value) {
      return set("disabled", value, "disabled");
    }

    /** Cannot be true together with {@code isByokOnly} (a 400). */
    public Builder isFallback(boolean value) {
      return set("is_fallback", value, "isFallback");
    }

    public Builder isRequired(boolean value) {
      return set("is_required", value, "isRequired");
    }

    public Builder isByokOnly(boolean value) {
      return set("is_byok_only", value, "isByokOnly");
    }

    public Builder declaredZdr(boolean value) {
      return set("declared_zdr", value, "declaredZdr");
    }

    /** Sends {@code declared_zdr: null}: inherit again. */
    public Builder clearDeclaredZdr() {
      return clear("declared_zdr");
    }

    /** Replaces the models the key may serve (at most 1000); copied. */
    public Builder allowedModels(List<String> value) {
      return setList("allowed_models", value, "allowedModels");
    }

    /** Sends {@code allowed_models: null}: any model. */
    public Builder clearAllowedModels() {
      return clear("allowed_models");
    }

    /** Replaces the issued API keys (1 to 100 ids) the key may serve; copied. */
    public Builder allowedApiKeyHashes(List<String> value) {
      return setList("allowed_api_key_hashes", value, "allowedApiKeyHashes");
    }

    /** Sends {@code allowed_api_key_hashes: null}: any API key. */
    public Builder clearAllowedApiKeyHashes() {
      return clear("allowed_api_key_hashes");
    }

    /** Replaces the users the key may serve; copied. */
    public Builder allowedUserIds(List<String> value) {
      return setList("allowed_user_ids", value, "allowedUserIds");
    }

    /** Sends {@code allowed_user_ids: null}: any user. */
    public Builder clearAllowedUserIds() {
      return clear("allowed_user_ids");
    }

    public Builder sortOrder(int value) {
      return set("sort_order", value, "sortOrder");
    }

    public UpdateByokKeyRequest build() {
      return new UpdateByokKeyRequest(changes);
    }
  }
}
