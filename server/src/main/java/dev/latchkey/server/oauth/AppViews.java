package dev.latchkey.server.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/** The wire shapes of {@code /api/v1/apps}. */
final class AppViews {
  static final String AUTH_METHOD = "client_secret_basic";

  private AppViews() {}

  /**
   * An app as get, list and update answer it: never the secret. {@code organization} is the owning
   * org's id, or {@code "None"} as Union writes it when there is none.
   */
  record App(
      String clientId,
      String clientName,
      String ownerType,
      String ownerId,
      String organization,
      List<String> redirectUris,
      List<String> grantTypes,
      List<String> responseTypes,
      String tokenEndpointAuthMethod,
      List<String> scopes,
      long createdAt,
      long updatedAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long previousSecretValidUntil) {}

  /**
   * The answer of create and rotate: the app, and once only its secret and Union's {@code
   * encoded_credentials} (base64 of {@code endpoint:client_id:client_secret:org}).
   */
  record WithSecret(@JsonUnwrapped App app, String clientSecret, String encodedCredentials) {
    @Override
    public String toString() {
      return "WithSecret[" + app.clientId() + "]";
    }
  }

  record AppsPage(
      List<App> apps, long totalApps, int currentPage, int pageSize, boolean hasMoreResults) {}

  record Deleted(boolean deleted) {}

  static App of(AppRow a, long now) {
    return new App(
        a.clientId(),
        a.clientName(),
        a.ownerType(),
        a.ownerId(),
        organization(a),
        a.redirectUris(),
        a.grantTypes(),
        responseTypes(a),
        AUTH_METHOD,
        a.scopes(),
        a.createdAt(),
        a.updatedAt(),
        graceOf(a, now));
  }

  static WithSecret withSecret(AppRow a, long now, String secret, String encoded) {
    return new WithSecret(of(a, now), secret, encoded);
  }

  static String organization(AppRow a) {
    return a.orgId() == null ? "None" : a.orgId();
  }

  private static List<String> responseTypes(AppRow a) {
    return a.grantTypes().contains(AppInput.AUTHORIZATION_CODE) ? List.of("code") : List.of();
  }

  private static Long graceOf(AppRow a, long now) {
    Long until = a.previousValidUntil();
    return until != null && until > now ? until : null;
  }
}
