package dev.latchkey.client;

import java.util.List;
import java.util.Objects;

/**
 * The body of {@link ApiKeys#create}. Null fields are left out and take the server's default.
 * Immutable and thread-safe.
 *
 * @param name the human-readable name (1 to 100 characters, with at least one ASCII letter or
 *     digit); the client id is derived from it; required
 * @param redirectUris absolute URIs without a fragment, at most 10; null for Union's default {@code
 *     http://localhost:8080/authorization-code/callback}
 * @param scopes the scopes the app may ask for, at most 50; null for any scope
 * @param grantTypes {@code client_credentials} and/or {@code authorization_code}; null for both
 * @param userId the owning user (a management key may name anyone, a user only themselves); null
 * @param orgId the owning org (a user needs {@code latchkey::can_manage_api_keys} in it); null
 */
public record CreateOAuthAppRequest(
    String name,
    List<String> redirectUris,
    List<String> scopes,
    List<String> grantTypes,
    String userId,
    String orgId) {

  /**
   * Copies the lists.
   *
   * @throws NullPointerException if {@code name} is null
   */
  public CreateOAuthAppRequest {
    Objects.requireNonNull(name, "name");
    redirectUris = Copies.listOrNull(redirectUris);
    scopes = Copies.listOrNull(scopes);
    grantTypes = Copies.listOrNull(grantTypes);
  }

  /** An app named {@code name} with the server's defaults, owned by the caller. */
  public static CreateOAuthAppRequest named(String name) {
    return new CreateOAuthAppRequest(name, null, null, null, null, null);
  }
}
