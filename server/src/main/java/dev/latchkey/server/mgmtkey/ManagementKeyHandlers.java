package dev.latchkey.server.mgmtkey;

import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.Ids;
import dev.latchkey.server.common.PageRequest;
import dev.latchkey.server.mgmtkey.ManagementKeys.ManagementKey;
import io.javalin.http.Context;
import java.util.List;

/** {@code /api/admin/v1/management_keys}: list, create (the key is in this one answer), revoke. */
public final class ManagementKeyHandlers {
  private final ManagementKeys keys;
  private final Http http;

  public ManagementKeyHandlers(ManagementKeys keys, Http http) {
    this.keys = keys;
    this.http = http;
  }

  record CreateBody(String name, Boolean canDecrypt) {}

  record Created(
      String id,
      String name,
      String key,
      String displayStart,
      long createdAt,
      boolean canDecrypt) {}

  record KeysPage(
      List<ManagementKey> managementKeys,
      long totalManagementKeys,
      int currentPage,
      int pageSize,
      boolean hasMoreResults) {}

  public void list(Context ctx) {
    FieldErrors errors = new FieldErrors();
    PageRequest page =
        PageRequest.of(
            Http.queryLong(ctx, "page_size"), Http.queryLong(ctx, "page_number"), errors);
    errors.throwIfAny();
    var result = keys.list(Http.queryBool(ctx, "include_revoked"), page);
    ctx.json(
        new KeysPage(
            result.items(), result.total(), page.pageNumber(), page.pageSize(), result.hasMore()));
  }

  public void create(Context ctx) {
    CreateBody body = http.body(ctx, CreateBody.class);
    ManagementKeys.CreatedKey created =
        keys.create(body.name(), Boolean.TRUE.equals(body.canDecrypt()), Http.actor(ctx));
    ManagementKey k = created.key();
    ctx.status(201)
        .json(
            new Created(
                k.id(),
                k.name(),
                created.secret().reveal(),
                k.displayStart(),
                k.createdAt(),
                k.canDecrypt()));
  }

  public void revoke(Context ctx) {
    keys.revoke(Ids.uuid("id", ctx.pathParam("id")), Http.actor(ctx));
    Http.ok(ctx);
  }
}
