package dev.latchkey.server;

import dev.latchkey.server.app.Admin;
import dev.latchkey.server.app.App;
import dev.latchkey.server.app.Config;
import dev.latchkey.server.app.Warmup;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Command line: {@code serve [flags]} runs the server; {@code admin ...} runs management tasks. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "serve" : args[0];
    List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
    try {
      switch (command) {
        case "serve" -> serve(rest);
        case "admin" -> System.exit(Admin.run(rest, System.getenv(), System.out, System.err));
        case "warmup" -> System.exit(Warmup.run());
        default -> {
          System.err.println(
              "latchkey: unknown command '" + command + "' (commands: serve, admin)");
          System.exit(2);
        }
      }
    } catch (Config.ConfigException e) {
      System.err.println("latchkey: configuration error: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void serve(List<String> args) {
    long started = System.nanoTime();
    Config config = Config.from(args, System.getenv());
    Logger log = LoggerFactory.getLogger("latchkey");
    App app;
    try {
      app = App.create(config, Clock.systemUTC()).start();
    } catch (IllegalStateException e) {
      log.error("cannot start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "latchkey-shutdown"));
    app.generatedManagementKey()
        .ifPresent(
            key -> {
              // Printed once, to the console only: this is the one time the key can be seen.
              System.out.println();
              System.out.println(
                  "  First start: a management key was generated. Store it now; it is not shown again.");
              System.out.println("    " + key.reveal());
              System.out.println(
                  "  Use it as 'Authorization: Bearer <key>'. Create more with './latchkey admin keys create'.");
              System.out.println();
            });
    log.info(
        "Latchkey listening on {}:{} ({} database), public URL {}, ready in {} ms",
        config.host(),
        app.port(),
        config.isSqlite() ? "SQLite" : "PostgreSQL",
        config.publicBase(),
        (System.nanoTime() - started) / 1_000_000);
  }
}
