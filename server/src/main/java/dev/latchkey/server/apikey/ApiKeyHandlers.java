package dev.latchkey.server.apikey;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.latchkey.server.app.Http;
import dev.latchkey.server.common.FieldErrors;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.NotFoundException;
import dev.latchkey.server.common.PageRequest;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /api/backend/v1/end_user_api_keys}: PropelAuth's API-key functions, plus reroll. */
public final class ApiKeyHandlers {
  private static final Pattern KEY_ID = Pattern.compile("^[0-9a-fA-F]{32}$");
  private static final List<String> TYPES = List.of("User", "Org", "Generic");
  static final String CLIENT_ADDRESS = "X-Latchkey-Client-Address";

  private final ApiKeys apiKeys;
  private final KeyValidator validator;
  private static final JsonFactory TOKEN_BODY = new JsonFactory();
  private final Http http;

  public ApiKeyHandlers(ApiKeyFeature feature, Http http) {
    this.apiKeys = feature.apiKeys();
    this.validator = feature.validator();
    this.http = http;
  }

  record ValidateBody(String apiKeyToken) {}

  private static String keyId(Context ctx) {
    String id = ctx.pathParam("api_key_id");
    if (!KEY_ID.matcher(id).matches()) {
      throw InvalidInputException.of("api_key_id", "must be 32 hexadecimal characters");
    }
    return id.toLowerCase(java.util.Locale.ROOT);
  }

  public void create(Context ctx) {
    ctx.json(apiKeys.create(http.body(ctx, ApiKeys.CreateRequest.class), Http.actor(ctx)));
  }

  public void importKey(Context ctx) {
    ctx.json(
        new ApiKeyViews.Imported(
            apiKeys.importKey(http.body(ctx, ApiKeys.ImportRequest.class), Http.actor(ctx))));
  }

  public void fetch(Context ctx) {
    ctx.json(
        apiKeys.fetch(keyId(ctx)).orElseThrow(() -> new NotFoundException("API key not found")));
  }

  public void current(Context ctx) {
    list(ctx, false);
  }

  public void archived(Context ctx) {
    list(ctx, true);
  }

  private void list(Context ctx, boolean archived) {
    FieldErrors errors = new FieldErrors();
    PageRequest page =
        PageRequest.of(
            Http.queryLong(ctx, "page_size"), Http.queryLong(ctx, "page_number"), errors);
    String orgId = errors.uuid("org_id", Http.query(ctx, "org_id"), false);
    String userId = errors.uuid("user_id", Http.query(ctx, "user_id"), false);
    String email = errors.email("user_email", Http.query(ctx, "user_email"), false);
    String type = Http.query(ctx, "api_key_type");
    if (type != null && !TYPES.contains(type)) {
      errors.add("api_key_type", "must be one of User, Org, Generic, got '" + type + "'");
    }
    errors.throwIfAny();
    ctx.json(apiKeys.list(orgId, userId, email, type, archived, page));
  }

  public void update(Context ctx) {
    String id = keyId(ctx);
    if (!apiKeys.update(id, http.body(ctx, ApiKeys.UpdateRequest.class), Http.actor(ctx))) {
      throw new NotFoundException("API key not found");
    }
    Http.ok(ctx);
  }

  public void reroll(Context ctx) {
    String id = keyId(ctx);
    ctx.json(apiKeys.reroll(id, http.body(ctx, ApiKeys.RerollRequest.class), Http.actor(ctx)));
  }

  public void delete(Context ctx) {
    if (!apiKeys.delete(keyId(ctx), Http.actor(ctx))) {
      throw new NotFoundException("API key not found");
    }
    Http.ok(ctx);
  }

  public void validate(Context ctx) {
    // the content type is the server's default (application/json), set before any handler runs
    ctx.result(validator.validateToJson(presentedToken(ctx), false, clientAddress(ctx)));
  }

  public void validateImported(Context ctx) {
    ctx.result(validator.validateToJson(presentedToken(ctx), true, clientAddress(ctx)));
  }

  /**
   * The token of a validate body. The common case, {@code {"api_key_token":"..."}} and nothing
   * else, is read with a streaming parser; anything else takes the general body parser, which names
   * the field in its 400.
   */
  private String presentedToken(Context ctx) {
    byte[] bytes = Http.smallBody(ctx, 2048);
    if (bytes == null) {
      return http.body(ctx, ValidateBody.class).apiKeyToken();
    }
    // a body that may hold U+0000 takes the general parser, which refuses it naming the field
    String token = Http.mayHoldNul(bytes) ? null : onlyToken(bytes);
    return token != null ? token : http.body(bytes, ValidateBody.class).apiKeyToken();
  }

  private static String onlyToken(byte[] bytes) {
    try (JsonParser p = TOKEN_BODY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT
          || p.nextToken() != JsonToken.FIELD_NAME
          || !p.currentName().equals("api_key_token")
          || p.nextToken() != JsonToken.VALUE_STRING) {
        return null;
      }
      String token = p.getText();
      return p.nextToken() == JsonToken.END_OBJECT && p.nextToken() == null ? token : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Whose failures to count: the end client's address when the calling application names it in
   * {@value #CLIENT_ADDRESS} (it holds a management key, so it is trusted to), else the caller's
   * own. Without it, one application validating for all its users would be throttled as one.
   */
  private static String clientAddress(Context ctx) {
    String named = ctx.header(CLIENT_ADDRESS);
    if (named != null
        && !named.isBlank()
        && named.length() <= 64
        && named.strip().matches("[0-9A-Fa-f:.]+")) {
      return named.strip();
    }
    return ctx.ip();
  }

  public void usage(Context ctx) {
    FieldErrors errors = new FieldErrors();
    String orgId = errors.uuid("org_id", Http.query(ctx, "org_id"), false);
    String userId = errors.uuid("user_id", Http.query(ctx, "user_id"), false);
    String keyId = Http.query(ctx, "api_key_id");
    if (keyId != null && !KEY_ID.matcher(keyId).matches()) {
      errors.add("api_key_id", "must be 32 hexadecimal characters");
    }
    errors.throwIfAny();
    ctx.json(
        new ApiKeyViews.Usage(
            apiKeys.usage(
                orgId,
                userId,
                keyId == null ? null : keyId.toLowerCase(java.util.Locale.ROOT),
                Http.query(ctx, "date"))));
  }
}
