package dev.latchkey.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;
import java.util.Objects;

/**
 * How the user came by the access token: the token's {@code login_method} claim. Immutable and
 * thread-safe.
 *
 * @param kind the method; {@link Kind#UNKNOWN} when the claim is missing or names a method this SDK
 *     does not know
 * @param provider the identity provider for {@link Kind#SOCIAL_SSO} and {@link Kind#SAML_SSO}, such
 *     as {@code Google}; null otherwise
 * @param orgId the organization whose identity provider was used for {@link Kind#SAML_SSO}; null
 *     otherwise
 */
public record LoginMethod(Kind kind, String provider, String orgId) {

  /** The methods PropelAuth's {@code login_method} claim names. */
  public enum Kind {
    PASSWORD,
    MAGIC_LINK,
    SOCIAL_SSO,
    EMAIL_CONFIRMATION_LINK,
    SAML_SSO,
    IMPERSONATION,
    GENERATED_FROM_BACKEND_API,
    UNKNOWN;

    /** The claim's value, such as {@code magic_link}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind the claim's value names; {@link #UNKNOWN} for null or any other value. Also how
     * responses such as {@link UserSession} read it.
     */
    @JsonCreator
    public static Kind fromWire(String value) {
      for (Kind k : values()) {
        if (k != UNKNOWN && k.wire().equals(value)) {
          return k;
        }
      }
      return UNKNOWN;
    }
  }

  private static final LoginMethod UNKNOWN_METHOD = new LoginMethod(Kind.UNKNOWN, null, null);

  /**
   * @throws NullPointerException if {@code kind} is null
   */
  public LoginMethod {
    Objects.requireNonNull(kind, "kind");
  }

  /** The method of a token that says nothing (or nothing this SDK knows) about it. */
  public static LoginMethod unknown() {
    return UNKNOWN_METHOD;
  }
}
