package dev.latchkey.client.javalin;

import dev.latchkey.client.internal.AccessCheck;
import dev.latchkey.client.internal.Guard;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Objects;
import java.util.function.Function;

/**
 * A Javalin route guard made by {@link LatchkeyJavalin}. Use it in one of two ways:
 *
 * <ul>
 *   <li>as a before-handler, {@code app.before("/org/{org_id}/*", guard)} (or {@code
 *       app.beforeMatched(...)}): a refused request skips the remaining handlers, the endpoint
 *       included;
 *   <li>around one endpoint, {@code app.get("/org/{org_id}/billing", guard.wrap(ctx -> ...))}: the
 *       endpoint runs only for an admitted request.
 * </ul>
 *
 * <p>A refused request is answered with an empty body. Access-token guards answer 401 (with {@code
 * WWW-Authenticate: Bearer}) without a valid token, 403 when the organization requirement fails,
 * 503 when the verification keys could not be fetched yet. API-key guards answer 401 without a
 * valid key, 429 (with {@code Retry-After}) when the server rate-limits it or has seen too many
 * invalid keys from the client's address ({@code ctx.ip()} unless {@link
 * dev.latchkey.client.LatchkeyApiKeys.Builder#clientAddress} says otherwise), 403 for a key of the
 * wrong kind or organization, 503 when the server cannot answer. An admitted request carries the
 * user and organization for {@link LatchkeyJavalin#currentUser} and {@link
 * LatchkeyJavalin#currentOrg}, or the key for {@link LatchkeyJavalin#currentApiKey}. Immutable and
 * thread-safe.
 */
public final class LatchkeyHandler implements Handler {
  private final Guard guard;
  private final Function<Context, String> orgIdFrom;

  LatchkeyHandler(Guard guard, Function<Context, String> orgIdFrom) {
    this.guard = guard;
    this.orgIdFrom = orgIdFrom;
  }

  /** Admits or refuses the request; a refused one skips every remaining handler. */
  @Override
  public void handle(Context ctx) {
    if (!admit(ctx)) {
      ctx.skipRemainingHandlers();
    }
  }

  /**
   * {@code endpoint}, run only for requests this guard admits.
   *
   * @throws NullPointerException if {@code endpoint} is null
   */
  public Handler wrap(Handler endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    return ctx -> {
      if (admit(ctx)) {
        endpoint.handle(ctx);
      }
    };
  }

  private boolean admit(Context ctx) {
    Guard.Verdict verdict = guard.check(new View(ctx, orgIdFrom));
    if (!verdict.allowed()) {
      ctx.status(verdict.status());
      verdict.headers().forEach(ctx::header);
      ctx.result("");
      return false;
    }
    verdict.attributes().forEach(ctx::attribute);
    verdict.headers().forEach(ctx::header);
    return true;
  }

  /** A Javalin request as a guard reads it. */
  private record View(Context ctx, Function<Context, String> orgIdFrom) implements Guard.Request {
    @Override
    public String onlyHeader(String name) {
      return AccessCheck.onlyHeader(ctx.req().getHeaders(name));
    }

    @Override
    public String orgId() {
      return orgIdFrom == null ? null : orgIdFrom.apply(ctx);
    }

    @Override
    public String remoteAddress() {
      return ctx.ip();
    }

    @Override
    public String method() {
      return ctx.req().getMethod();
    }

    @Override
    public String target() {
      String query = ctx.req().getQueryString();
      return ctx.req().getRequestURI() + (query == null ? "" : "?" + query);
    }

    @Override
    public String header(String name) {
      return AccessCheck.allHeaders(ctx.req().getHeaders(name));
    }
  }
}
