package dev.latchkey.server.app;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Request ids, one log line per request, and per-route request metrics. The log line names the
 * method, the route template, the status and the time; never headers, query strings or bodies,
 * which may carry credentials.
 */
final class Observability {
  static final String REQUEST_ID = "request_id";
  private static final Logger LOG = LoggerFactory.getLogger("latchkey.http");
  private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");

  private Observability() {}

  static void configure(JavalinConfig config, MeterRegistry registry) {
    // one timer per (method, route, status): routes are templates, so this stays small
    java.util.Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
    config.requestLogger.http(
        (ctx, ms) -> {
          String route = routeOf(ctx);
          String status = String.valueOf(ctx.statusCode());
          String method = ctx.method().name();
          timers
              .computeIfAbsent(
                  method + " " + route + " " + status,
                  k ->
                      Timer.builder("http.server.requests")
                          .description("HTTP requests by route")
                          .tags("method", method, "route", route, "status", status)
                          .register(registry))
              .record(Duration.ofNanos((long) (ms * 1_000_000)));
          if (LOG.isInfoEnabled()
              && !route.equals("/healthz")
              && !route.equals("/readyz")
              && !route.equals("/metrics")) {
            LOG.info("{} {} {} {}ms", method, route, status, String.format("%.1f", ms));
          }
          MDC.remove(REQUEST_ID);
        });
  }

  static void install(Javalin app) {
    app.before(
        ctx -> {
          String incoming = ctx.header("X-Request-Id");
          String id =
              incoming != null && SAFE_ID.matcher(incoming).matches() ? incoming : requestId();
          MDC.put(REQUEST_ID, id);
          ctx.header("X-Request-Id", id);
        });
  }

  /** A random request id; not a secret, so a fast generator is enough. */
  private static String requestId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    return Long.toHexString(r.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
  }

  /** The matched route template (bounded cardinality), or "unmatched". */
  static String routeOf(Context ctx) {
    try {
      String path = ctx.endpointHandlerPath();
      return path == null || path.isEmpty() ? "unmatched" : path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }
}
