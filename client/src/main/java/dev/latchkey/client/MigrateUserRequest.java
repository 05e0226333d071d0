package dev.latchkey.client;

import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code migrateUserFromExternalSource}: a user brought over from another system with
 * its old id, password hash and two-factor secret. Null fields are left out of the request.
 * Immutable and thread-safe; {@link #toString()} leaves the password hash and the two-factor secret
 * out.
 *
 * @param email the user's email address; required
 * @param emailConfirmed whether the address is confirmed (default false)
 * @param existingUserId the id in the old system, kept as {@code legacyUserId}
 * @param existingPasswordHash a bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) or Argon2 hash;
 *     the user can log in with the old password
 * @param existingMfaBase32EncodedSecret the user's TOTP secret in base32
 * @param updatePasswordRequired whether the user must set a new password at the next login
 * @param enabled whether the user may log in (default true)
 * @param firstName an optional first name
 * @param lastName an optional last name
 * @param username an optional username
 * @param pictureUrl an optional http(s) picture URL
 * @param properties optional custom properties; copied, unmodifiable
 */
public record MigrateUserRequest(
    String email,
    Boolean emailConfirmed,
    String existingUserId,
    String existingPasswordHash,
    String existingMfaBase32EncodedSecret,
    Boolean updatePasswordRequired,
    Boolean enabled,
    String firstName,
    String lastName,
    String username,
    String pictureUrl,
    Map<String, Object> properties) {

  /**
   * Copies the properties.
   *
   * @throws NullPointerException if {@code email} is null
   */
  public MigrateUserRequest {
    Objects.requireNonNull(email, "email");
    properties = Copies.jsonOrNull(properties);
  }

  /** A builder for a user with {@code email}; every other field is optional. */
  public static Builder builder(String email) {
    return new Builder(email);
  }

  @Override
  public String toString() {
    return "MigrateUserRequest[email="
        + email
        + ", emailConfirmed="
        + emailConfirmed
        + ", existingUserId="
        + existingUserId
        + ", existingPasswordHash="
        + (existingPasswordHash == null ? null : "[redacted]")
        + ", existingMfaBase32EncodedSecret="
        + (existingMfaBase32EncodedSecret == null ? null : "[redacted]")
        + ", updatePasswordRequired="
        + updatePasswordRequired
        + ", enabled="
        + enabled
        + ", firstName="
        + firstName
        + ", lastName="
        + lastName
        + ", username="
        + username
        + ", pictureUrl="
        + pictureUrl
        + ", properties="
        + properties
        + "]";
  }

  /** Collects the optional fields of a {@link MigrateUserRequest}. Not thread-safe. */
  public static final class Builder {
    private final String email;
    private Boolean emailConfirmed;
    private String existingUserId;
    private String existingPasswordHash;
    private String existingMfaBase32EncodedSecret;
    private Boolean updatePasswordRequired;
    private Boolean enabled;
    private String firstName;
    private String lastName;
    private String username;
    private String pictureUrl;
    private Map<String, Object> properties;

    private Builder(String email) {
      this.email = Objects.requireNonNull(email, "email");
    }

    public Builder emailConfirmed(boolean value) {
      this.emailConfirmed = value;
      return this;
    }

    public Builder existingUserId(String value) {
      this.existingUserId = value;
      return this;
    }

    public Builder existingPasswordHash(String value) {
      this.existingPasswordHash = value;
      return this;
    }

    public Builder existingMfaBase32EncodedSecret(String value) {
      this.existingMfaBase32EncodedSecret = value;
      return this;
    }

    public Builder updatePasswordRequired(boolean value) {
      this.updatePasswordRequired = value;
      return this;
    }

    public Builder enabled(boolean value) {
      this.enabled = value;
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

    public Builder username(String value) {
      this.username = value;
      return this;
    }

    public Builder pictureUrl(String value) {
      this.pictureUrl = value;
      return this;
    }

    public Builder properties(Map<String, Object> value) {
      this.properties = value;
      return this;
    }

    public MigrateUserRequest build() {
      return new MigrateUserRequest(
          email,
          emailConfirmed,
          existingUserId,
          existingPasswordHash,
          existingMfaBase32EncodedSecret,
          updatePasswordRequired,
          enabled,
          firstName,
          lastName,
          username,
          pictureUrl,
          properties);
    }
  }
}
