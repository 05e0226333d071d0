package dev.latchkey.server.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code latchkey warmup}: starts a throw-away server in a temporary directory, sends it a few
 * typical requests and stops. The launcher runs it once after a build with {@code
 * -XX:AOTCacheOutput}, so that the JVM's ahead-of-time cache holds the classes a real start loads.
 */
public final class Warmup {
  private Warmup() {}

  public static int run() {
    Path dir;
    try {
      dir = Files.createTempDirectory("latchkey-warmup-");
    } catch (IOException e) {
      System.err.println("latchkey warmup: " + e.getMessage());
      return 1;
    }
    String key = "lk_mgmt_warmup_" + Long.toHexString(System.nanoTime()) + "0123456789";
    Config config =
        Config.from(
            List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dir.toString()),
            Map.of("LATCHKEY_BOOTSTRAP_API_KEY", key));
    try (App app = App.create(config, Clock.systemUTC()).start()) {
      String base = "http://127.0.0.1:" + app.port();
      HttpClient http = HttpClient.newHttpClient();
      for (String path :
          List.of(
              "/healthz",
              "/readyz",
              "/metrics",
              "/api/v1/token_verification_metadata",
              "/.well-known/jwks.json",
              "/.well-known/oauth-authorization-server",
              "/api/v1/apps",
              "/api/backend/v1/user/query",
              "/api/backend/v1/end_user_api_keys")) {
        send(
            http,
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + key)
                .GET()
                .build());
      }
      send(
          http,
          HttpRequest.newBuilder(URI.create(base + "/api/backend/v1/end_user_api_keys/validate"))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"api_key_token\":\"lk_none\"}"))
              .build());
      send(
          http,
          HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
              .header("Authorization", "Basic d2FybXVwOndhcm11cA==")
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
              .build());
      send(
          http,
          HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"email\":\"warmup@example.com\",\"password\":\"warmup password\"}"))
              .build());
      return 0;
    } catch (RuntimeException e) {
      System.err.println("latchkey warmup: " + e.getMessage());
      return 1;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary directory left behind is harmless
      }
    }
  }

  private static void send(HttpClient http, HttpRequest request) {
    try {
      http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
