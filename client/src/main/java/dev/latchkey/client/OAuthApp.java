package dev.latchkey.client;

import java.util.List;

/**
 * An OAuth 2.0 client-credentials application, Union's "API key", as {@link ApiKeys#get}, {@link
 * ApiKeys#listAll} and {@link ApiKeys#update} answer it: never its secret. Immutable and
 * thread-safe; the lists are unmodifiable and never null, except {@code scopes}.
 *
 * @param clientId the OAuth client id, derived from the name (lower case, runs of other characters
 *     as {@code -}, {@code -2}, {@code -3}, ... on collision); never changes
 * @param clientName the human-readable name
 * @param ownerType {@code user}, {@code org} or {@code project}
 * @param ownerId the owning user's or org's id, or {@code project}
 * @param organization the owning org's id, or {@code "None"} as Union writes it
 * @param redirectUris the app's redirect URIs
 * @param grantTypes {@code client_credentials} and/or {@code authorization_code}
 * @param responseTypes {@code code} when the app has the authorization-code grant
 * @param tokenEndpointAuthMethod {@code client_secret_basic} ({@code client_secret_post} works too)
 * @param scopes the scopes the app may ask for; null when it may ask for any
 * @param createdAt seconds since the epoch
 * @param updatedAt seconds since the epoch
 * @param previousSecretValidUntil while a rotated-out secret still works: until when (seconds since
 *     the epoch); otherwise null
 */
public record OAuthApp(
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
    Long previousSecretValidUntil) {

  /** Copies the lists; null becomes empty, except for {@code scopes}. */
  public OAuthApp {
    redirectUris = Copies.list(redirectUris);
    grantTypes = Copies.list(grantTypes);
    responseTypes = Copies.list(responseTypes);
    scopes = Copies.listOrNull(scopes);
  }
}
