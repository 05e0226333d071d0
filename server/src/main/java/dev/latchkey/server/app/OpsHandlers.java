package dev.latchkey.server.app;

import dev.latchkey.server.store.Database;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;

/** {@code /healthz}, {@code /readyz} and {@code /metrics}: no authentication, no secrets. */
final class OpsHandlers {
  private final Database db;
  private final PrometheusMeterRegistry registry;

  OpsHandlers(Database db, PrometheusMeterRegistry registry) {
    this.db = db;
    this.registry = registry;
  }

  void health(Context ctx) {
    ctx.json(Map.of("status", "ok"));
  }

  void ready(Context ctx) {
    boolean up = db.isHealthy();
    ctx.status(up ? 200 : 503).json(Map.of("status", up ? "ready" : "database unavailable"));
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }
}
