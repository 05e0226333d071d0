package dev.latchkey.server.conformance;

import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.NodeSuite;
import dev.latchkey.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real, unchanged {@code @openrouter/sdk} client (pinned in {@code
 * conformance/openrouter/package.json}) against the shared test server's OpenRouter-compatible BYOK
 * API ({@code /api/v1/byok}): {@code node test.mjs} lists, creates, gets, updates, pages through
 * and deletes provider keys with it, checks the typed errors it raises and that no answer carries a
 * raw key, and prints one line per check. Needs Node 18 or later on the PATH; without it the test
 * is skipped loudly, or fails when {@code LATCHKEY_TEST_REQUIRE_NODE=1} (CI sets it).
 *
 * <p>The dependencies are installed from the suite's own {@code package-lock.json} with {@code npm
 * ci --ignore-scripts}: the package's postinstall script would call openrouter.ai. The client is
 * given the server's URL and management key explicitly, and no {@code OPENROUTER_*} variable
 * reaches it.
 */
@ParameterizedClass
@MethodSource("kinds")
class OpenRouterSdkConformanceTest {
  static final NodeSuite SUITE =
      NodeSuite.builder("conformance/openrouter", "test.mjs")
          .describedAs("OpenRouter SDK conformance suite", "@openrouter/sdk")
          .npmCiFlags("--ignore-scripts")
          .removeEnvPrefixes("OPENROUTER_")
          .installTimeout(Duration.ofMinutes(3))
          .runTimeout(Duration.ofMinutes(2))
          .build();

  @Parameter String kind;

  static List<String> kinds() {
    return DatabaseKinds.available("OpenRouterSdkConformanceTest");
  }

  @Test
  void realOpenRouterSdk_passesEveryByokCheck() throws Exception {
    SUITE.prepare();

    TestServer server = TestServer.shared(kind);
    NodeSuite.Run run =
        SUITE.run(
            Map.of("LATCHKEY_URL", server.baseUrl(), "LATCHKEY_API_KEY", TestServer.MANAGEMENT_KEY),
            "[openrouter " + kind + "] ");
    SUITE.assertPassed(run, kind);
  }
}
