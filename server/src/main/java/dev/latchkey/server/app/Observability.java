package dev.latchkey.server.app;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.UUID;
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
    config.requestLogger.http(
        (ctx, ms) -> {
          String route = routeOf(ctx);
          String status = String.valueOf(ctx.statusCode());
          Timer.builder("http.server.requests")
              .description("HTTP requests by route")
              .tags("method", ctx.method().name(), "route", route, "status", status)
              .publishPercentileHistogram(false)
              .register(registry)
              .record(Duration.ofNanos((long) (ms * 1_000_000)));
          if (!route.equals("/healthz") && !route.equals("/readyz") && !route.equals("/metrics")) {
            LOG.info("{} {} {} {}ms", ctx.method(), route, status, String.format("%.1f", ms));
          }
          MDC.remove(REQUEST_ID);
        });
  }

  static void install(Javalin app) {
    app.before(
        ctx -> {
          String incoming = ctx.header("X-Request-Id");
          String id =
              incoming != null && SAFE_ID.matcher(incoming).matches()
                  ? incoming
                  : UUID.randomUUID().toString();
          MDC.put(REQUEST_ID, id);
          ctx.header("X-Request-Id", id);
        });
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
