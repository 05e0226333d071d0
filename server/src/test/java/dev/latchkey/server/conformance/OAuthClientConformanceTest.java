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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real, unchanged {@code openid-client} and {@code jose} libraries (pinned in {@code
 * conformance/oauth/package.json}) against a server of its own whose public URL, and so its issuer,
 * is {@code http://127.0.0.1:<port>}: discovery, the client-credentials grant with HTTP Basic and
 * with client_secret_post, jwtVerify against the JWKS, introspection, revocation. The server's
 * clock is moved to real time first, since jose checks {@code exp} against it. Needs Node 20 or
 * later; without it the test is skipped loudly, or fails when {@code LATCHKEY_TEST_REQUIRE_NODE=1}.
 */
@ParameterizedClass
@MethodSource("kinds")
class OAuthClientConformanceTest {
  static final NodeSuite SUITE =
      NodeSuite.builder("conformance/oauth", "test.mjs")
          .describedAs("OAuth client conformance suite", "openid-client and jose")
          .npmCiFlags("--ignore-scripts")
          .installTimeout(Duration.ofMinutes(3))
          .runTimeout(Duration.ofMinutes(2))
          .build();

  @Parameter String kind;

  static List<String> kinds() {
    return DatabaseKinds.available("OAuthClientConformanceTest");
  }

  @Test
  void realOpenIdClientAndJose_passEveryClientCredentialsCheck() throws Exception {
    SUITE.prepare();
    try (TestServer server = startIssuerServer(kind)) {
      MutableClock clock = server.clock();
      Duration behind = Duration.between(clock.instant(), Instant.now().minusSeconds(5));
      if (behind.isPositive()) {
        clock.advance(behind);
      }
      NodeSuite.Run run =
          SUITE.run(
              Map.of(
                  "LATCHKEY_URL", server.baseUrl(), "LATCHKEY_API_KEY", TestServer.MANAGEMENT_KEY),
              "[oauth " + kind + "] ");
      SUITE.assertPassed(run, kind);
    }
  }

  private static TestServer startIssuerServer(String kind) throws IOException {
    for (int attempt = 1; ; attempt++) {
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      try {
        return TestServer.start(
            kind,
            Map.of(
                "LATCHKEY_PORT",
                String.valueOf(port),
                "LATCHKEY_PUBLIC_URL",
                "http://127.0.0.1:" + port));
      } catch (RuntimeException e) {
        if (attempt >= 3) {
          throw e;
        }
      }
    }
  }
}
