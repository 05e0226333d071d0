package dev.latchkey.server.keypair;

import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.Principal;
import dev.latchkey.server.common.TooManyRequestsException;
import dev.latchkey.server.keypair.SignatureScheme.Hash;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/keypairs} and {@code /api/v1/keypair_resource_policies}: Backend.AI's keypair and
 * resource-policy functions, the gateways' verify endpoint, and the in-process check of requests
 * signed to this server.
 */
public final class KeypairHandlers {
  private static final Pattern METHOD = Pattern.compile("^[A-Za-z]{1,16}$");
  private static final Pattern HEX = Pattern.compile("^[0-9a-f]{1,128}$");
  private static final int MAX_HEADERS = 64;
  private static final int MAX_HEADER_VALUE = 8192;

  private final ResourcePolicies policies;
  private final Keypairs keypairs;
  private final SignedRequests verifier;
  private final Http http;

  public KeypairHandlers(KeypairFeature feature, Http http) {
    this.policies = feature.policies();
    this.keypairs = feature.keypairs();
    this.verifier = feature.verifier();
    this.http = http;
  }

  private static String accessKey(Context ctx) {
    return Keypairs.accessKey("access_key", ctx.pathParam("access_key"));
  }

  private static String policyName(Context ctx) {
    return ResourcePolicies.checkName("name", ctx.pathParam("name"));
  }

  // resource policies

  public void createPolicy(Context ctx) {
    ctx.json(policies.create(http.body(ctx, Records.PolicyInput.class), Http.actor(ctx)));
  }

  public void listPolicies(Context ctx) {
    Paging page = page(ctx);
    ctx.json(policies.list(page.offset(), page.size()));
  }

  public void getPolicy(Context ctx) {
    ctx.json(policies.get(policyName(ctx)));
  }

  public void updatePolicy(Context ctx) {
    String name = policyName(ctx);
    ctx.json(policies.update(name, http.body(ctx, Records.PolicyInput.class), Http.actor(ctx)));
  }

  public void deletePolicy(Context ctx) {
    policies.delete(policyName(ctx), Http.actor(ctx));
    Http.ok(ctx);
  }

  // keypairs

  public void create(Context ctx) {
    ctx.json(keypairs.create(http.body(ctx, Records.CreateKeypair.class), Http.actor(ctx)));
  }

  public void get(Context ctx) {
    ctx.json(keypairs.get(accessKey(ctx)));
  }

  public void update(Context ctx) {
    String key = accessKey(ctx);
    ctx.json(keypairs.update(key, http.body(ctx, Records.UpdateKeypair.class), Http.actor(ctx)));
  }

  public void delete(Context ctx) {
    keypairs.delete(accessKey(ctx), Http.actor(ctx));
    Http.ok(ctx);
  }

  public void activate(Context ctx) {
    ctx.json(keypairs.setActive(accessKey(ctx), true, Http.actor(ctx)));
  }

  public void deactivate(Context ctx) {
    ctx.json(keypairs.setActive(accessKey(ctx), false, Http.actor(ctx)));
  }

  public void list(Context ctx) {
    Owner owner = owner(ctx);
    Paging page = page(ctx);
    ctx.json(keypairs.list(owner.userId, owner.email, owner.isActive, page.offset(), page.size()));
  }

  public void paginatedList(Context ctx) {
    Owner owner = owner(ctx);
    Paging page = page(ctx);
    ctx.json(
        keypairs.page(
            owner.userId,
            owner.email,
            owner.isActive,
            Http.query(ctx, "filter"),
            Http.query(ctx, "order"),
            page.offset(),
            page.size()));
  }

  public void info(Context ctx) {
    String key = Http.query(ctx, "access_key");
    ctx.json(
        keypairs.info(
            Http.principal(ctx), key == null ? null : Keypairs.accessKey("access_key", key)));
  }

  private record Owner(String userId, String email, Boolean isActive) {}

  private static Owner owner(Context ctx) {
    FieldErrors errors = new FieldErrors();
    // Backend.AI's keypairs(email) names the user by email in user_id: take either
    String given = Http.query(ctx, "user_id");
    boolean byEmail = given != null && given.indexOf('@') >= 0;
    String userId = byEmail ? null : errors.uuid("user_id", given, false);
    String email = errors.email("email", Http.query(ctx, "email"), false);
    if (byEmail) {
      String asEmail = errors.email("user_id", given, false);
      if (email != null && asEmail != null && !email.equals(asEmail)) {
        errors.add("user_id", "names another user than email");
      }
      email = asEmail;
    }
    String active = Http.query(ctx, "is_active");
    Boolean isActive = null;
    if (active != null) {
      switch (active.toLowerCase(Locale.ROOT)) {
        case "true" -> isActive = true;
        case "false" -> isActive = false;
        default -> errors.add("is_active", "must be true or false");
      }
    }
    errors.throwIfAny();
    return new Owner(userId, email, isActive);
  }

  /** Backend.AI's paging: {@code page_offset} (rows to skip) and {@code page_size}. */
  private record Paging(int offset, int size) {}

  private static Paging page(Context ctx) {
    FieldErrors errors = new FieldErrors();
    Long offset = Http.queryLong(ctx, "page_offset");
    Long size = Http.queryLong(ctx, "page_size");
    long o = offset == null ? 0 : offset;
    long s = size == null ? 20 : size;
    errors.range("page_offset", o, 0, Keypairs.MAX_PAGE_OFFSET);
    errors.range("page_size", s, 1, Keypairs.MAX_PAGE_SIZE);
    errors.throwIfAny();
    return new Paging((int) o, (int) s);
  }

  // signed requests

  /** {@code POST /api/v1/keypairs/verify}: a gateway asks whether a request's signature holds. */
  public void verify(Context ctx) {
    Records.VerifyRequest body = http.body(ctx, Records.VerifyRequest.class);
    FieldErrors errors = new FieldErrors();
    if (body.method() == null) {
      errors.add("method", "is required");
    } else if (!METHOD.matcher(body.method()).matches()) {
      errors.add("method", "must be an HTTP method such as GET");
    }
    if (body.path() == null) {
      errors.add("path", "is required");
    } else if (!body.path().startsWith("/") || body.path().length() > 8192) {
      errors.add("path", "must be the path with query, starting with '/', at most 8192 characters");
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (body.headers() == null) {
      errors.add("headers", "is required");
    } else if (body.headers().size() > MAX_HEADERS) {
      errors.add("headers", "must have at most " + MAX_HEADERS + " entries");
    } else {
      body.headers()
          .forEach(
              (name, value) -> {
                if (value == null || value.length() > MAX_HEADER_VALUE) {
                  errors.add("headers." + name, "must be a string of at most 8192 characters");
                } else if (headers.put(name, value) != null) {
                  errors.add("headers." + name, "is given twice (header names ignore case)");
                }
              });
    }
    if (body.bodyHash() != null && !HEX.matcher(body.bodyHash()).matches()) {
      errors.add("body_hash", "must be the lower-case hex hash of the request body");
    }
    errors.throwIfAny();
    SignedRequests.Verdict verdict =
        verifier.verify(
            new SignedRequests.SignedInput(
                body.method(),
                body.path(),
                headers::get,
                hash -> {
                  if (body.bodyHash() == null) {
                    throw InvalidInputException.of(
                        "body_hash",
                        "is required: API versions before v4.20181215 sign the body's hash");
                  }
                  return body.bodyHash();
                }));
    admit(ctx, verdict);
    SignedRequests.Entry e = verdict.entry();
    ctx.json(
        new Records.Verified(
            true,
            e.row.accessKey(),
            e.row.userId(),
            e.row.email(),
            e.row.isAdmin(),
            e.row.resourcePolicy(),
            e.policy,
            rateLimit(verdict.rate())));
  }

  /** The gate's check of a request signed to this server itself ({@code Access.SIGNED}). */
  public Principal verifySigned(Context ctx) {
    String query = ctx.queryString();
    SignedRequests.Verdict verdict =
        verifier.verify(
            new SignedRequests.SignedInput(
                ctx.method().name(),
                ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query),
                ctx::header,
                hash -> bodyHash(hash, ctx.bodyAsBytes())));
    admit(ctx, verdict);
    return Principal.keypair(verdict.entry().row.accessKey(), verdict.entry().row.userId());
  }

  private static String bodyHash(Hash hash, byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(hash.digest).digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sets the rate-limit headers; a request over the limit is a 429. */
  private static void admit(Context ctx, SignedRequests.Verdict verdict) {
    SlidingWindow.Outcome rate = verdict.rate();
    ctx.header("X-RateLimit-Limit", String.valueOf(rate.limit()));
    ctx.header("X-RateLimit-Remaining", String.valueOf(rate.remaining()));
    ctx.header("X-RateLimit-Window", String.valueOf(SlidingWindow.WINDOW_SECONDS));
    if (!rate.allowed()) {
      throw new TooManyRequestsException(
          "The keypair's rate limit of " + rate.limit() + " requests per 15 minutes is reached",
          rate.retryAfterSeconds());
    }
  }

  private static Records.RateLimit rateLimit(SlidingWindow.Outcome rate) {
    return new Records.RateLimit(rate.limit(), rate.remaining(), SlidingWindow.WINDOW_SECONDS);
  }
}
