package dev.latchkey.server.app;

import dev.latchkey.server.common.ApiException;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.TooManyRequestsException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.StatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP answers.
 *
 * <ul>
 *   <li>400: {@code {"field": ["message", ...]}}, the shape PropelAuth clients parse into {@code
 *       fieldToErrors};
 *   <li>other errors: {@code {"error_code": "...", "user_facing_error": "..."}}; a 429 adds {@code
 *       wait_seconds} and a {@code Retry-After} header;
 *   <li>anything unexpected: a 500 with no internals, and one log line with the cause.
 * </ul>
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  static void install(Javalin app) {
    app.exception(ApiException.class, (e, ctx) -> write(ctx, e));
    app.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          int status = e.getStatus();
          if (status == 413) {
            fieldError(ctx, 413, "body", "is larger than the server accepts");
          } else {
            String code =
                switch (status) {
                  case 404 -> "route_not_found";
                  case 405 -> "method_not_allowed";
                  default -> status >= 500 ? "internal_error" : "bad_request";
                };
            String message =
                status == 404 ? "No route " + ctx.method() + " " + ctx.path() : e.getMessage();
            error(ctx, status, code, message);
          }
        });
    app.exception(
        StatementException.class,
        (e, ctx) -> {
          if (isUniqueViolation(e)) {
            error(ctx, 409, "conflict", "The request conflicts with an existing record; retry it");
          } else {
            internal(ctx, e);
          }
        });
    app.exception(Exception.class, (e, ctx) -> internal(ctx, e));
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            error(ctx, 404, "route_not_found", "No route " + ctx.method() + " " + ctx.path());
          }
        });
    app.error(
        405,
        ctx -> {
          // a handler that answered 405 itself (the OAuth endpoints) keeps its body
          if (ctx.result() == null || ctx.result().isEmpty()) {
            error(
                ctx, 405, "method_not_allowed", "Method " + ctx.method() + " is not allowed here");
          }
        });
  }

  /** How a path's clients expect errors: the vault's two views have their own envelopes. */
  enum Envelope {
    LATCHKEY,
    /** OpenRouter's {@code {"error": {"code": 400, "message": "..."}}}. */
    OPENROUTER,
    /**
     * NestJS's {@code {"statusCode": 400, "message": "...", "error": "Bad Request"}} (DynamoAI).
     */
    NEST;

    static Envelope of(Context ctx) {
      String path = ctx.path();
      if (path.startsWith("/user-auth/")) {
        return NEST;
      }
      if (path.startsWith("/api/v1/byok")
          || path.startsWith("/api/v1/ai_systems")
          || path.startsWith("/api/v1/workspaces")
          || path.startsWith("/api/v1/resolve")) {
        return OPENROUTER;
      }
      return LATCHKEY;
    }
  }

  static void write(Context ctx, ApiException e) {
    Envelope envelope = Envelope.of(ctx);
    if (envelope != Envelope.LATCHKEY) {
      Map<String, List<String>> fields =
          e instanceof InvalidInputException invalid ? invalid.fieldErrors() : null;
      String message = fields == null ? e.getMessage() : describe(fields);
      if (e instanceof TooManyRequestsException limited) {
        ctx.header("Retry-After", String.valueOf(limited.waitSeconds()));
      }
      foreign(ctx, envelope, e.status(), e.code(), message, fields);
      return;
    }
    if (e instanceof InvalidInputException invalid) {
      ctx.status(400).json(invalid.fieldErrors());
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", e.code());
    body.put("user_facing_error", e.getMessage());
    if (e instanceof TooManyRequestsException limited) {
      body.put("wait_seconds", limited.waitSeconds());
      ctx.header("Retry-After", String.valueOf(limited.waitSeconds()));
    }
    ctx.status(e.status()).json(body);
  }

  /** "key: must be ...; name: is required": every field error in one line. */
  private static String describe(Map<String, List<String>> fields) {
    StringBuilder sb = new StringBuilder();
    fields.forEach(
        (field, messages) -> {
          for (String m : messages) {
            sb.append(sb.isEmpty() ? "" : "; ").append(field).append(": ").append(m);
          }
        });
    return sb.toString();
  }

  private static void foreign(
      Context ctx,
      Envelope envelope,
      int status,
      String code,
      String message,
      Map<String, List<String>> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (envelope == Envelope.OPENROUTER) {
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("error_code", code);
      if (fields != null) {
        metadata.put("field_errors", fields);
      }
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", status);
      error.put("message", message);
      error.put("metadata", metadata);
      body.put("error", error);
    } else {
      body.put("statusCode", status);
      body.put("message", message);
      body.put("error", reason(status));
      body.put("error_code", code);
      if (fields != null) {
        body.put("field_errors", fields);
      }
    }
    ctx.status(status).json(body);
  }

  private static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }

  private static void fieldError(Context ctx, int status, String field, String message) {
    Envelope envelope = Envelope.of(ctx);
    if (envelope != Envelope.LATCHKEY) {
      foreign(
          ctx,
          envelope,
          status,
          "invalid_request",
          field + ": " + message,
          Map.of(field, List.of(message)));
      return;
    }
    ctx.status(status).json(Map.of(field, List.of(message)));
  }

  private static void error(Context ctx, int status, String code, String message) {
    Envelope envelope = Envelope.of(ctx);
    if (envelope != Envelope.LATCHKEY) {
      foreign(ctx, envelope, status, code, message, null);
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", code);
    body.put("user_facing_error", message);
    ctx.status(status).json(body);
  }

  private static void internal(Context ctx, Exception e) {
    LOG.error("unhandled error on {} {}", ctx.method(), Observability.routeOf(ctx), e);
    error(ctx, 500, "internal_error", "An internal error occurred; the server log has the details");
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("23505".equals(state)
            || (sql.getMessage() != null
                && sql.getMessage().contains("UNIQUE constraint failed"))) {
          return true;
        }
      }
    }
    return false;
  }
}
