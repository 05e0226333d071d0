package dev.latchkey.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body of {@code createMagicLink}. Null fields are left out of the request and take the
 * server's default. Immutable and thread-safe.
 *
 * @param email the address the link signs in; required
 * @param redirectToUrl where the browser goes after signing in; must be on the server's public
 *     origin or one of {@code LATCHKEY_ALLOWED_REDIRECT_ORIGINS}; null for the server's default
 * @param expiresInHours how long the link works, 1 to 720 (default 24)
 * @param createNewUserIfOneDoesntExist whether following the link creates a user for an unknown
 *     address (default true); when false, an unknown address is refused at once (400 naming {@code
 *     email})
 * @param expireAfterFirstUse whether the link works only once (default true)
 * @param requiresInterstitial whether the link shows a button before signing in, so that mail
 *     scanners which follow links do not use it up (default false)
 * @param userSignupQueryParameters sign-up query parameters, stored with the link (accepted for
 *     PropelAuth compatibility); copied, unmodifiable
 */
public record CreateMagicLinkRequest(
    String email,
    String redirectToUrl,
    Integer expiresInHours,
    Boolean createNewUserIfOneDoesntExist,
    Boolean expireAfterFirstUse,
    Boolean requiresInterstitial,
    Map<String, String> userSignupQueryParameters) {

  /**
   * Copies the parameters.
   *
   * @throws NullPointerException if {@code email} is null
   */
  public CreateMagicLinkRequest {
    Objects.requireNonNull(email, "email");
    userSignupQueryParameters =
        userSignupQueryParameters == null
            ? null
            : Collections.unmodifiableMap(new LinkedHashMap<>(userSignupQueryParameters));
  }

  /** A builder for a link that signs in {@code email}; every other field is optional. */
  public static Builder builder(String email) {
    return new Builder(email);
  }

  /** Collects the optional fields of a {@link CreateMagicLinkRequest}. Not thread-safe. */
  public static final class Builder {
    private final String email;
    private String redirectToUrl;
    private Integer expiresInHours;
    private Boolean createNewUserIfOneDoesntExist;
    private Boolean expireAfterFirstUse;
    private Boolean requiresInterstitial;
    private Map<String, String> userSignupQueryParameters;

    private Builder(String email) {
      this.email = Objects.requireNonNull(email, "email");
    }

    public Builder redirectToUrl(String value) {
      this.redirectToUrl = value;
      return this;
    }

    public Builder expiresInHours(int value) {
      this.expiresInHours = value;
      return this;
    }

    public Builder createNewUserIfOneDoesntExist(boolean value) {
      this.createNewUserIfOneDoesntExist = value;
      return this;
    }

    public Builder expireAfterFirstUse(boolean value) {
      this.expireAfterFirstUse = value;
      return this;
    }

    public Builder requiresInterstitial(boolean value) {
      this.requiresInterstitial = value;
      return this;
    }

    public Builder userSignupQueryParameters(Map<String, String> value) {
      this.userSignupQueryParameters = value;
      return this;
    }

    public CreateMagicLinkRequest build() {
      return new CreateMagicLinkRequest(
          email,
          redirectToUrl,
          expiresInHours,
          createNewUserIfOneDoesntExist,
          expireAfterFirstUse,
          requiresInterstitial,
          userSignupQueryParameters);
    }
  }
}
