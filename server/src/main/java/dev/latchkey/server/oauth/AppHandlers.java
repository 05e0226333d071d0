package dev.latchkey.server.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.PageRequest;
import io.javalin.http.Context;

/**
 * {@code /api/v1/apps}: Union's API-key functions (OAuth client-credentials applications) for a
 * management key, a user's access token or an issued API key, each within its reach.
 */
public final class AppHandlers {
  private final Apps apps;
  private final Http http;

  AppHandlers(Apps apps, Http http) {
    this.apps = apps;
    this.http = http;
  }

  public void create(Context ctx) {
    AppInput.Create in = AppInput.create(http.body(ctx, JsonNode.class));
    ctx.status(201).json(apps.create(reach(ctx), in));
  }

  public void list(Context ctx) {
    FieldErrors errors = new FieldErrors();
    PageRequest page =
        PageRequest.of(
            Http.queryLong(ctx, "page_size"), Http.queryLong(ctx, "page_number"), errors);
    errors.throwIfAny();
    ctx.json(apps.list(reach(ctx), page));
  }

  public void get(Context ctx) {
    ctx.json(apps.get(reach(ctx), clientId(ctx)));
  }

  public void update(Context ctx) {
    String clientId = clientId(ctx);
    Reach reach = reach(ctx);
    apps.get(reach, clientId);
    AppInput.Update in = AppInput.update(http.body(ctx, JsonNode.class));
    ctx.json(apps.update(reach, clientId, in));
  }

  public void rotateSecret(Context ctx) {
    String clientId = clientId(ctx);
    Reach reach = reach(ctx);
    apps.get(reach, clientId);
    long grace = AppInput.gracePeriod(http.body(ctx, JsonNode.class));
    ctx.json(apps.rotateSecret(reach, clientId, grace));
  }

  public void delete(Context ctx) {
    apps.delete(reach(ctx), clientId(ctx));
    ctx.json(new AppViews.Deleted(true));
  }

  private Reach reach(Context ctx) {
    return apps.reach(Http.principal(ctx));
  }

  /** A client id in the path; one that cannot exist is simply not found. */
  private static String clientId(Context ctx) {
    String id = ctx.pathParam("client_id");
    if (id.isEmpty() || id.length() > 80 || !id.matches("[0-9a-z-]+")) {
      throw Apps.notFound(id);
    }
    return id;
  }
}
