package dev.latchkey.client.javalin;

import dev.latchkey.client.internal.AccessCheck;
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
 * <p>A refused request is answered with an empty body: 401 (with {@code WWW-Authenticate: Bearer})
 * without a valid token, 403 when the organization requirement fails, 503 when the verification
 * keys could not be fetched yet. An admitted request carries the user and organization for {@link
 * LatchkeyJavalin#currentUser} and {@link LatchkeyJavalin#currentOrg}. Immutable and thread-safe.
 */
public final class LatchkeyHandler implements Handler {
  private final AccessCheck check;
  private final Function<Context, String> orgIdFrom;

  LatchkeyHandler(AccessCheck check, Function<Context, String> orgIdFrom) {
    this.check = check;
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
    AccessCheck.Outcome outcome =
        check.check(
            AccessCheck.onlyHeader(ctx.req().getHeaders("Authorization")),
            () -> orgIdFrom.apply(ctx));
    if (!outcome.allowed()) {
      ctx.status(outcome.status());
      if (outcome.status() == 401) {
        ctx.header("WWW-Authenticate", "Bearer");
      }
      ctx.result("");
      return false;
    }
    ctx.attribute(AccessCheck.USER_ATTRIBUTE, outcome.user());
    if (outcome.org() != null) {
      ctx.attribute(AccessCheck.ORG_ATTRIBUTE, outcome.org());
    }
    return true;
  }
}
