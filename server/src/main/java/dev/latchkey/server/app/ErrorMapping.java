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
        ctx ->
            error(
                ctx, 405, "method_not_allowed", "Method " + ctx.method() + " is not allowed here"));
  }

  static void write(Context ctx, ApiException e) {
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

  private static void fieldError(Context ctx, int status, String field, String message) {
    ctx.status(status).json(Map.of(field, List.of(message)));
  }

  private static void error(Context ctx, int status, String code, String message) {
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
