package dev.latchkey.server.conformance;

import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.MutableClock;
import dev.latchkey.server.testing.NodeSuite;
import dev.latchkey.server.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real, unchanged {@code @propelauth/node} client and {@code @propelauth/express}
 * middleware (pinned in {@code conformance/propelauth/package.json}) against a real server: {@code
 * node -r ./redirect.cjs test.cjs} exercises every user, org, token and API-key function the server
 * implements and stops at the first check that fails. Needs Node 18 or later on the PATH; without
 * it the test is skipped loudly, or fails when {@code LATCHKEY_TEST_REQUIRE_NODE=1} (CI sets it).
 *
 * <p>The client computes the issuer it expects in access tokens from its authUrl, {@code
 * http://127.0.0.1:<port>}, so the server under test is a dedicated one whose public URL is exactly
 * that: its port is chosen before it starts. Its clock runs {@link #SERVER_CLOCK_LAG} behind the
 * real time (moved forward every {@link #CLOCK_TICK}), so tokens it signs for an hour are valid to
 * the client while a one-minute token is already expired, and an API key given an expiry a few
 * seconds ahead of the server's time expires while the suite waits.
 */
@ParameterizedClass
@MethodSource("kinds")
class PropelAuthNodeConformanceTest {
  static final NodeSuite SUITE =
      NodeSuite.builder("conformance/propelauth", "test.cjs")
          .describedAs("PropelAuth Node conformance suite", "@propelauth/node")
          .nodeOptions("-r", "./redirect.cjs")
          .installTimeout(Duration.ofMinutes(3))
          .runTimeout(Duration.ofMinutes(3))
          .build();
  static final Duration SERVER_CLOCK_LAG = Duration.ofMinutes(10);
  static final Duration CLOCK_TICK = Duration.ofMillis(10);
  static final int START_ATTEMPTS = 5;

  @Parameter String kind;

  static List<String> kinds() {
    return DatabaseKinds.available("PropelAuthNodeConformanceTest");
  }

  @Test
  void realPropelAuthNodeClient_passesEveryUserOrgAndTokenCheck() throws Exception {
    SUITE.prepare();

    NodeSuite.Run run;
    try (TestServer server = startIssuerServer(kind)) {
      MutableClock clock = server.clock();
      followRealTime(clock);
      AtomicBoolean running = new AtomicBoolean(true);
      Thread ticker =
          Thread.ofVirtual()
              .name("conformance-server-clock")
              .start(
                  () -> {
                    while (running.get()) {
                      followRealTime(clock);
                      try {
                        Thread.sleep(CLOCK_TICK);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      try {
        run =
            SUITE.run(
                Map.of(
                    "LATCHKEY_PORT",
                    String.valueOf(server.port()),
                    "LATCHKEY_API_KEY",
                    TestServer.MANAGEMENT_KEY,
                    "LATCHKEY_SERVER_CLOCK_LAG_SECONDS",
                    String.valueOf(SERVER_CLOCK_LAG.toSeconds())),
                "[conformance " + kind + "] ");
      } finally {
        running.set(false);
        ticker.interrupt();
        ticker.join(Duration.ofSeconds(10));
      }
    }
    SUITE.assertPassed(run, kind);
  }

  /** Moves {@code clock} forward to {@link #SERVER_CLOCK_LAG} behind the real time (never back). */
  private static void followRealTime(MutableClock clock) {
    Duration behind = Duration.between(clock.instant(), Instant.now().minus(SERVER_CLOCK_LAG));
    if (behind.isPositive()) {
      clock.advance(behind);
    }
  }

  /**
   * A server of {@code kind} whose public URL, and so the issuer of its tokens, is {@code
   * http://127.0.0.1:<its port>}. The port is picked free beforehand; if another process takes it
   * in between, another one is tried.
   */
  private static TestServer startIssuerServer(String kind) throws IOException {
    for (int attempt = 1; ; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      try {
        TestServer server =
            TestServer.start(
                kind,
                Map.of(
                    "LATCHKEY_PORT",
                    String.valueOf(port),
                    "LATCHKEY_PUBLIC_URL",
                    "http://127.0.0.1:" + port));
        if (server.port() != port) {
          server.close();
          throw new AssertionError(
              "the server was asked for port " + port + " but listens on " + server.port());
        }
        return server;
      } catch (RuntimeException e) {
        if (attempt >= START_ATTEMPTS) {
          throw e;
        }
        System.err.println(
            "[conformance "
                + kind
                + "] could not start on port "
                + port
                + " ("
                + e
                + "), retrying");
      }
    }
  }
}
