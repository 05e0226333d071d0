package dev.latchkey.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.client.Transport.Answer;
import dev.latchkey.client.Transport.Query;
import dev.latchkey.client.internal.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Access/secret keypairs and their resource policies (Backend.AI's {@code KeyPair} functions, with
 * their names), and the check of requests signed with them. Get one from {@link
 * LatchkeyClient#keyPairs()}; every method but {@link #info} uses the client's management key.
 *
 * <p>Errors are {@link LatchkeyException}s as for {@link LatchkeyClient}: 400 with field errors for
 * bad input (a filter expression's error names its position), 404 where a method does not return an
 * empty {@code Optional} or {@code false}, 409 for a policy name that exists or a policy still
 * attached to keypairs. Thread-safe.
 */
public final class KeyPairs {
  static final String KEYPAIRS = "/api/v1/keypairs";
  static final String POLICIES = "/api/v1/keypair_resource_policies";
  private static final int PAGE = 100;
  private static final int MAX_LIST = 10_000;

  private final Transport transport;
  private final ObjectMapper json = WireJson.mapper();

  KeyPairs(Transport transport) {
    this.transport = transport;
  }

  private record Create(
      String userId, Boolean isActive, Boolean isAdmin, String resourcePolicy, Long rateLimit) {}

  /** Creates a keypair for {@code userId} with the default settings. */
  public CreatedKeyPair create(String userId) {
    return create(userId, KeyPairProps.none());
  }

  /**
   * Creates a keypair for {@code userId}; the answer is the only one that carries the secret key.
   *
   * @param props the settings; null fields take the defaults
   */
  public CreatedKeyPair create(String userId, KeyPairProps props) {
    Objects.requireNonNull(props, "props");
    return transport.call(
        "POST",
        KEYPAIRS,
        null,
        new Create(
            userId, props.isActive(), props.isAdmin(), props.resourcePolicy(), props.rateLimit()),
        CreatedKeyPair.class);
  }

  /**
   * Changes the non-null fields of {@code props}.
   *
   * @return the keypair after the change
   */
  public KeyPair update(String accessKey, KeyPairProps props) {
    Objects.requireNonNull(props, "props");
    return transport.call("PATCH", KEYPAIRS + "/" + path(accessKey), null, props, KeyPair.class);
  }

  /**
   * Deletes a keypair; it signs no request from then on.
   *
   * @return false if there was no such keypair
   */
  public boolean delete(String accessKey) {
    return !transport
        .callAllowingNotFound("DELETE", KEYPAIRS + "/" + path(accessKey), null, null)
        .notFound();
  }

  /** The keypair, or empty if there is none with this access key. */
  public Optional<KeyPair> get(String accessKey) {
    String p = KEYPAIRS + "/" + path(accessKey);
    Answer answer = transport.callAllowingNotFound("GET", p, null, null);
    return answer.notFound()
        ? Optional.empty()
        : Optional.of(transport.read("GET", p, answer, KeyPair.class));
  }

  /**
   * Every keypair of {@code userId} (or of everyone, for null) that is active or not (null: both),
   * by creation; read page by page, at most 10000.
   */
  public List<KeyPair> list(String userId, Boolean isActive) {
    List<KeyPair> all = new ArrayList<>();
    for (int offset = 0; offset < MAX_LIST; offset += PAGE) {
      KeyPairsPage page =
          transport.call(
              "GET",
              KEYPAIRS,
              new Query()
                  .add("user_id", userId)
                  .add("is_active", isActive)
                  .add("page_offset", offset)
                  .add("page_size", PAGE),
              null,
              KeyPairsPage.class);
      all.addAll(page.items());
      if (offset + PAGE >= page.totalCount() || page.items().isEmpty()) {
        break;
      }
    }
    return List.copyOf(all);
  }

  /** One page of keypairs, filtered and ordered as {@code query} says. */
  public KeyPairsPage paginatedList(KeyPairQuery query) {
    Objects.requireNonNull(query, "query");
    return transport.call(
        "GET",
        KEYPAIRS + "/paginated",
        new Query()
            .add("user_id", query.userId())
            .add("is_active", query.isActive())
            .add("page_offset", query.pageOffset())
            .add("page_size", query.pageSize())
            .add("filter", query.filter())
            .add("order", query.order()),
        null,
        KeyPairsPage.class);
  }

  /**
   * The signing keypair's own information with its resource policy, asked in a request signed by
   * {@code signer} (no management key is sent). Admin fields are present only for an admin keypair.
   *
   * @throws LatchkeyException 401 when the signature is refused, 429 over the rate limit
   */
  public KeyPairInfo info(RequestSigner signer) {
    Objects.requireNonNull(signer, "signer");
    String p = KEYPAIRS + "/info";
    Transport.Exchange exchange = transport.exchange("GET", p, null, signer);
    if (exchange.status() >= 400) {
      throw transport.errorOf("GET", p, exchange);
    }
    return transport.read(
        "GET", p, new Answer(exchange.status(), exchange.body()), KeyPairInfo.class);
  }

  /** Activates a keypair: it may sign requests again. */
  public KeyPair activate(String accessKey) {
    return transport.call(
        "POST", KEYPAIRS + "/" + path(accessKey) + "/activate", null, null, KeyPair.class);
  }

  /** Deactivates a keypair: it makes no request at all until activated again. */
  public KeyPair deactivate(String accessKey) {
    return transport.call(
        "POST", KEYPAIRS + "/" + path(accessKey) + "/deactivate", null, null, KeyPair.class);
  }

  // resource policies

  public ResourcePolicy createResourcePolicy(ResourcePolicyInput input) {
    Objects.requireNonNull(input, "input");
    return transport.call("POST", POLICIES, null, input, ResourcePolicy.class);
  }

  /** The policy, or empty if there is none of this name. */
  public Optional<ResourcePolicy> resourcePolicy(String name) {
    String p = POLICIES + "/" + path(name);
    Answer answer = transport.callAllowingNotFound("GET", p, null, null);
    return answer.notFound()
        ? Optional.empty()
        : Optional.of(transport.read("GET", p, answer, ResourcePolicy.class));
  }

  /** A page of policies by name. */
  public ResourcePoliciesPage listResourcePolicies(int pageOffset, int pageSize) {
    return transport.call(
        "GET",
        POLICIES,
        new Query().add("page_offset", pageOffset).add("page_size", pageSize),
        null,
        ResourcePoliciesPage.class);
  }

  /** Changes the non-null fields of {@code input} (its name, if given, must be {@code name}). */
  public ResourcePolicy updateResourcePolicy(String name, ResourcePolicyInput input) {
    Objects.requireNonNull(input, "input");
    return transport.call("PATCH", POLICIES + "/" + path(name), null, input, ResourcePolicy.class);
  }

  /**
   * Deletes a policy no keypair uses (409 otherwise).
   *
   * @return false if there was no such policy
   */
  public boolean deleteResourcePolicy(String name) {
    return !transport
        .callAllowingNotFound("DELETE", POLICIES + "/" + path(name), null, null)
        .notFound();
  }

  // signed requests

  private record VerifyBody(String method, String path, Map<String, String> headers) {}

  /**
   * Asks the server whether a request received by this application is signed by a valid keypair,
   * and counts it against the keypair's rate limit. A refused signature or a rate limit is an
   * answer, not an exception.
   *
   * @throws LatchkeyException for anything else: the management key refused, a malformed request
   *     (400), or no answer (status 0)
   */
  public KeyPairVerification verify(SignedRequest request) {
    Objects.requireNonNull(request, "request");
    String p = KEYPAIRS + "/verify";
    Transport.Exchange exchange =
        transport.exchange(
            "POST", p, new VerifyBody(request.method(), request.path(), request.headers()), null);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name :
        List.of(
            "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Window", "Retry-After")) {
      exchange.headers().firstValue(name).ifPresent(v -> headers.put(name, v));
    }
    int status = exchange.status();
    if (status == 200) {
      return new KeyPairVerification(
          200,
          null,
          transport.read("POST", p, new Answer(200, exchange.body()), VerifiedKeyPair.class),
          headers);
    }
    if (status == 429 || (status == 401 && isSignatureRefusal(exchange.body()))) {
      return new KeyPairVerification(status, errorCode(exchange.body()), null, headers);
    }
    throw transport.errorOf("POST", p, exchange);
  }

  /** A 401 about the signed request, not about this client's management key. */
  private boolean isSignatureRefusal(String body) {
    String code = errorCode(body);
    return code != null && !code.equals("unauthorized");
  }

  private String errorCode(String body) {
    try {
      JsonNode node = json.readTree(body);
      JsonNode code = node == null ? null : node.get("error_code");
      return code == null || !code.isTextual() ? null : code.asText();
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String path(String segment) {
    Objects.requireNonNull(segment, "access key or name");
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
