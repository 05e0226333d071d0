package dev.latchkey.bench;

import dev.latchkey.client.LatchkeyAuth;
import dev.latchkey.client.User;
import dev.latchkey.server.app.App;
import dev.latchkey.server.app.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process verification of a real access token by the SDK ({@link LatchkeyAuth}): RS256
 * signature, issuer, expiry and claims, on one thread (so the score is per core). The token and the
 * keys come from a real Latchkey server started in the setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class TokenVerificationBenchmark {
  private static final String KEY = "lk_mgmt_bench_0123456789abcdefghijklmnop";
  private App app;
  private LatchkeyAuth auth;
  private String header;

  @Setup(Level.Trial)
  public void start() throws Exception {
    Path dir = Files.createTempDirectory("latchkey-jmh-");
    Config config =
        Config.from(
            List.of("--port", "0", "--host", "127.0.0.1", "--data-dir", dir.toString()),
            Map.of("LATCHKEY_BOOTSTRAP_API_KEY", KEY, "LATCHKEY_LOG_LEVEL", "WARN"));
    app = App.create(config, Clock.systemUTC()).start();
    String base = "http://127.0.0.1:" + app.port();
    String userId =
        post(
                base + "/api/backend/v1/user/",
                "{\"email\":\"jmh@example.com\",\"email_confirmed\":true}")
            .replaceAll(".*\"user_id\":\"([^\"]+)\".*", "$1");
    String orgId =
        post(
                base + "/api/backend/v1/org/",
                "{\"name\":\"JMH org\",\"enable_auto_joining_by_domain\":false,"
                    + "\"members_must_have_matching_domain\":false}")
            .replaceAll(".*\"org_id\":\"([^\"]+)\".*", "$1");
    post(
        base + "/api/backend/v1/org/add_user",
        "{\"user_id\":\"" + userId + "\",\"org_id\":\"" + orgId + "\",\"role\":\"Admin\"}");
    String token =
        post(
                base + "/api/backend/v1/access_token",
                "{\"user_id\":\"" + userId + "\",\"duration_in_minutes\":600}")
            .replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    header = "Bearer " + token;
    auth = LatchkeyAuth.builder().authUrl(URI.create(base)).issuer(config.issuer()).build();
    User user = auth.validateAccessTokenAndGetUser(header);
    if (!user.userId().equals(userId)) {
      throw new IllegalStateException("the token did not verify in setup");
    }
  }

  private static String post(String url, String json) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  @TearDown(Level.Trial)
  public void stop() {
    app.close();
  }

  @Benchmark
  public User validateAccessTokenAndGetUser() {
    return auth.validateAccessTokenAndGetUser(header);
  }
}
