package dev.latchkey.client;

import dev.latchkey.client.Transport.Answer;
import dev.latchkey.client.Transport.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Union's API keys: OAuth 2.0 client-credentials applications ({@code /api/v1/apps}), with the
 * seed's function names {@code create}, {@code listAll}, {@code get}, {@code update}, {@code
 * delete}, plus {@code rotateSecret}. Reach it with {@link LatchkeyClient#apiKeys()}. Not to be
 * confused with issued end-user API keys ({@link LatchkeyClient#createApiKey} and its siblings).
 *
 * <p>The client's credential decides what it reaches: a management key every app; a user's access
 * token the user's own apps and those of the orgs where their role grants {@code
 * latchkey::can_manage_api_keys}; an issued API key its user's or org's apps. An app out of reach
 * is answered exactly like one that does not exist (empty or {@code false}).
 *
 * <p>Immutable and thread-safe; every method is one blocking request except {@link #listAll}, one
 * per page. Failures throw {@link LatchkeyException} (400 with {@link
 * LatchkeyException#fieldErrors()} for bad input, 401 for a wrong credential); a null argument
 * throws {@link NullPointerException} before any request.
 */
public final class ApiKeys {
  static final String APPS = "/api/v1/apps";
  static final int MAX_PAGE = 100;
  private static final Pattern CLIENT_ID = Pattern.compile("^[0-9a-z-]{1,80}$");

  private final Transport transport;

  ApiKeys(Transport transport) {
    this.transport = transport;
  }

  /** The wire shape of create and rotate: the app's fields with the secret beside them. */
  record SecretAnswer(
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
      Long previousSecretValidUntil,
      String clientSecret,
      String encodedCredentials) {
    @Override
    public String toString() {
      return "SecretAnswer[" + clientId + "]";
    }
  }

  /**
   * Creates an app named {@code name} owned by the caller (a management key: the project), with
   * Union's default redirect URI. The answer is the only place the secret appears.
   *
   * @throws LatchkeyException 400 naming {@code name} when it is empty, too long or has no letter
   *     or digit
   */
  public CreatedOAuthApp create(String name) {
    return create(CreateOAuthAppRequest.named(Objects.requireNonNull(name, "name")));
  }

  /**
   * Creates an app as {@code request} says. The answer is the only place the secret appears.
   *
   * @throws LatchkeyException 400 naming each wrong field (such as {@code redirect_uris}, {@code
   *     scopes}, an {@code org_id} the caller does not manage)
   */
  public CreatedOAuthApp create(CreateOAuthAppRequest request) {
    Objects.requireNonNull(request, "request");
    return created(transport.callForSecrets("POST", APPS, null, request, SecretAnswer.class));
  }

  /**
   * One page of the apps the caller reaches, newest first.
   *
   * @param pageSize 1 to 100
   * @param pageNumber zero-based
   * @throws LatchkeyException 400 naming {@code page_size} or {@code page_number} out of range
   */
  public OAuthAppsPage list(int pageSize, int pageNumber) {
    return transport.call(
        "GET",
        APPS,
        new Query().add("page_size", pageSize).add("page_number", pageNumber),
        null,
        OAuthAppsPage.class);
  }

  /**
   * Union's {@code listall(limit)}: up to {@code limit} apps the caller reaches, newest first, read
   * page after page (100 a page). Pages are read by number, so an app created meanwhile can shift
   * them; no app is listed twice.
   *
   * @param limit the most apps to return, at least 1
   * @return an unmodifiable list
   * @throws IllegalArgumentException if {@code limit} is below 1
   */
  public List<OAuthApp> listAll(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    List<OAuthApp> all = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int page = 0; all.size() < limit; page++) {
      OAuthAppsPage p = list(MAX_PAGE, page);
      for (OAuthApp a : p.apps()) {
        if (all.size() < limit && seen.add(a.clientId())) {
          all.add(a);
        }
      }
      if (!p.hasMoreResults() || p.apps().isEmpty()) {
        break;
      }
    }
    return List.copyOf(all);
  }

  /** Union's {@code listall()} with its default limit of 100. */
  public List<OAuthApp> listAll() {
    return listAll(100);
  }

  /**
   * The app with this client id, never its secret.
   *
   * @return the app, or empty if there is none the caller reaches
   */
  public Optional<OAuthApp> get(String clientId) {
    if (!isClientId(clientId)) {
      return Optional.empty();
    }
    Answer answer = transport.callAllowingNotFound("GET", APPS + "/" + clientId, null, null);
    return answer.notFound()
        ? Optional.empty()
        : Optional.of(transport.read("GET", APPS, answer, OAuthApp.class));
  }

  /**
   * Union's {@code update(client_id, client_name, redirect_uris)}: null arguments stay as they are.
   *
   * @return the app as it now is, or empty if there is none the caller reaches
   * @throws LatchkeyException 400 naming the wrong field; nothing changes then
   */
  public Optional<OAuthApp> update(String clientId, String clientName, List<String> redirectUris) {
    return update(clientId, new UpdateOAuthAppRequest(clientName, redirectUris, null, null));
  }

  /**
   * Changes what {@code request} sets.
   *
   * @return the app as it now is, or empty if there is none the caller reaches
   * @throws LatchkeyException 400 naming the wrong field; nothing changes then
   */
  public Optional<OAuthApp> update(String clientId, UpdateOAuthAppRequest request) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(request, "request");
    if (!isClientId(clientId)) {
      return Optional.empty();
    }
    Answer answer = transport.callAllowingNotFound("PATCH", APPS + "/" + clientId, null, request);
    return answer.notFound()
        ? Optional.empty()
        : Optional.of(transport.read("PATCH", APPS, answer, OAuthApp.class));
  }

  /**
   * Deletes the app; its tokens stop being active at introspection at once (JWTs already handed out
   * still verify by signature until they expire).
   *
   * @return false if there is no such app the caller reaches
   */
  public boolean delete(String clientId) {
    if (!isClientId(clientId)) {
      return false;
    }
    return !transport.callAllowingNotFound("DELETE", APPS + "/" + clientId, null, null).notFound();
  }

  /**
   * Gives the app a new secret. The old one keeps working for {@code gracePeriodSeconds} (0: not at
   * all), so that deployments can switch without downtime.
   *
   * @param gracePeriodSeconds 0 to 30 days in seconds
   * @return the app with its new secret (shown this once), or empty if there is no such app (one
   *     request reads the app first, so that a missing one is told apart without a secret-bearing
   *     answer)
   * @throws LatchkeyException 400 naming {@code grace_period_seconds} out of range
   */
  public Optional<CreatedOAuthApp> rotateSecret(String clientId, long gracePeriodSeconds) {
    Objects.requireNonNull(clientId, "clientId");
    if (!isClientId(clientId)) {
      return Optional.empty();
    }
    String path = APPS + "/" + clientId + "/rotate_secret";
    Answer probe = transport.callAllowingNotFound("GET", APPS + "/" + clientId, null, null);
    if (probe.notFound()) {
      return Optional.empty();
    }
    return Optional.of(
        created(
            transport.callForSecrets(
                "POST",
                path,
                null,
                java.util.Map.of("grace_period_seconds", gracePeriodSeconds),
                SecretAnswer.class)));
  }

  private static CreatedOAuthApp created(SecretAnswer a) {
    OAuthApp app =
        new OAuthApp(
            a.clientId(),
            a.clientName(),
            a.ownerType(),
            a.ownerId(),
            a.organization(),
            a.redirectUris(),
            a.grantTypes(),
            a.responseTypes(),
            a.tokenEndpointAuthMethod(),
            a.scopes(),
            a.createdAt(),
            a.updatedAt(),
            a.previousSecretValidUntil());
    return new CreatedOAuthApp(app, a.clientSecret(), a.encodedCredentials());
  }

  private static boolean isClientId(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return CLIENT_ID.matcher(clientId).matches();
  }
}
