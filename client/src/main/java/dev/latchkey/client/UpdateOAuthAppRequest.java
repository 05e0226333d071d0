package dev.latchkey.client;

import java.util.List;

/**
 * The body of {@link ApiKeys#update(String, UpdateOAuthAppRequest)}: null fields stay as they are.
 * The client id never changes. Immutable and thread-safe.
 *
 * @param clientName a new name (1 to 100 characters)
 * @param redirectUris new redirect URIs, replacing the old ones
 * @param scopes new allowed scopes, replacing the old ones (an app may be opened to any scope again
 *     only over HTTP, with {@code "scopes": null})
 * @param grantTypes new grant types, replacing the old ones
 */
public record UpdateOAuthAppRequest(
    String clientName, List<String> redirectUris, List<String> scopes, List<String> grantTypes) {

  /** Copies the lists. */
  public UpdateOAuthAppRequest {
    redirectUris = Copies.listOrNull(redirectUris);
    scopes = Copies.listOrNull(scopes);
    grantTypes = Copies.listOrNull(grantTypes);
  }
}
