package dev.latchkey.client;

import java.util.Map;

/**
 * The body of {@code updateUserMetadata}: only the non-null fields change. Immutable and
 * thread-safe.
 *
 * @param username a new username, unique among users
 * @param firstName a new first name
 * @param lastName a new last name
 * @param pictureUrl a new http(s) picture URL
 * @param metadata new free-form metadata, replacing the old; copied, unmodifiable
 * @param properties new custom properties, replacing the old; copied, unmodifiable
 * @param updatePasswordRequired whether the user must set a new password at the next login
 * @param legacyUserId a new legacy user id
 */
public record UpdateUserMetadataRequest(
    String username,
    String firstName,
    String lastName,
    String pictureUrl,
    Map<String, Object> metadata,
    Map<String, Object> properties,
    Boolean updatePasswordRequired,
    String legacyUserId) {

  /** Copies the maps. */
  public UpdateUserMetadataRequest {
    metadata = Copies.jsonOrNull(metadata);
    properties = Copies.jsonOrNull(properties);
  }

  /** A builder with nothing to change yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of an {@link UpdateUserMetadataRequest}. Not thread-safe. */
  public static final class Builder {
    private String username;
    private String firstName;
    private String lastName;
    private String pictureUrl;
    private Map<String, Object> metadata;
    private Map<String, Object> properties;
    private Boolean updatePasswordRequired;
    private String legacyUserId;

    private Builder() {}

    public Builder username(String value) {
      this.username = value;
      return this;
    }

    public Builder firstName(String value) {
      this.firstName = value;
      return this;
    }

    public Builder lastName(String value) {
      this.lastName = value;
      return this;
    }

    public Builder pictureUrl(String value) {
      this.pictureUrl = value;
      return this;
    }

    public Builder metadata(Map<String, Object> value) {
      this.metadata = value;
      return this;
    }

    public Builder properties(Map<String, Object> value) {
      this.properties = value;
      return this;
    }

    public Builder updatePasswordRequired(boolean value) {
      this.updatePasswordRequired = value;
      return this;
    }

    public Builder legacyUserId(String value) {
      this.legacyUserId = value;
      return this;
    }

    public UpdateUserMetadataRequest build() {
      return new UpdateUserMetadataRequest(
          username,
          firstName,
          lastName,
          pictureUrl,
          metadata,
          properties,
          updatePasswordRequired,
          legacyUserId);
    }
  }
}
