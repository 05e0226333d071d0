package dev.latchkey.client;

import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code createUser}. Null fields are left out of the request and take the server's
 * default. Immutable and thread-safe; {@link #toString()} leaves the password out.
 *
 * @param email the user's email address; required
 * @param emailConfirmed whether the address starts out confirmed (default false)
 * @param sendEmailToConfirmEmailAddress whether to mail a confirmation link now, when the address
 *     is not confirmed (default true)
 * @param password an initial password, or null for none
 * @param askUserToUpdatePasswordOnLogin whether the user must set a new password at the first login
 *     (default false)
 * @param ignoreDomainRestrictions accepted for PropelAuth compatibility
 * @param username an optional username, unique among users
 * @param firstName an optional first name
 * @param lastName an optional last name
 * @param properties optional custom properties; copied, unmodifiable
 */
public record CreateUserRequest(
    String email,
    Boolean emailConfirmed,
    Boolean sendEmailToConfirmEmailAddress,
    String password,
    Boolean askUserToUpdatePasswordOnLogin,
    Boolean ignoreDomainRestrictions,
    String username,
    String firstName,
    String lastName,
    Map<String, Object> properties) {

  /**
   * Copies the properties.
   *
   * @throws NullPointerException if {@code email} is null
   */
  public CreateUserRequest {
    Objects.requireNonNull(email, "email");
    properties = Copies.jsonOrNull(properties);
  }

  /** A builder for a user with {@code email}; every other field is optional. */
  public static Builder builder(String email) {
    return new Builder(email);
  }

  @Override
  public String toString() {
    return "CreateUserRequest[email="
        + email
        + ", emailConfirmed="
        + emailConfirmed
        + ", sendEmailToConfirmEmailAddress="
        + sendEmailToConfirmEmailAddress
        + ", password="
        + (password == null ? null : "[redacted]")
        + ", askUserToUpdatePasswordOnLogin="
        + askUserToUpdatePasswordOnLogin
        + ", ignoreDomainRestrictions="
        + ignoreDomainRestrictions
        + ", username="
        + username
        + ", firstName="
        + firstName
        + ", lastName="
        + lastName
        + ", properties="
        + properties
        + "]";
  }

  /** Collects the optional fields of a {@link CreateUserRequest}. Not thread-safe. */
  public static final class Builder {
    private final String email;
    private Boolean emailConfirmed;
    private Boolean sendEmailToConfirmEmailAddress;
    private String password;
    private Boolean askUserToUpdatePasswordOnLogin;
    private Boolean ignoreDomainRestrictions;
    private String username;
    private String firstName;
    private String lastName;
    private Map<String, Object> properties;

    private Builder(String email) {
      this.email = Objects.requireNonNull(email, "email");
    }

    public Builder emailConfirmed(boolean value) {
      this.emailConfirmed = value;
      return this;
    }

    public Builder sendEmailToConfirmEmailAddress(boolean value) {
      this.sendEmailToConfirmEmailAddress = value;
      return this;
    }

    public Builder password(String value) {
      this.password = value;
      return this;
    }

    public Builder askUserToUpdatePasswordOnLogin(boolean value) {
      this.askUserToUpdatePasswordOnLogin = value;
      return this;
    }

    public Builder ignoreDomainRestrictions(boolean value) {
      this.ignoreDomainRestrictions = value;
      return this;
    }

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

    public Builder properties(Map<String, Object> value) {
      this.properties = value;
      return this;
    }

    public CreateUserRequest build() {
      return new CreateUserRequest(
          email,
          emailConfirmed,
          sendEmailToConfirmEmailAddress,
          password,
          askUserToUpdatePasswordOnLogin,
          ignoreDomainRestrictions,
          username,
          firstName,
          lastName,
          properties);
    }
  }
}
