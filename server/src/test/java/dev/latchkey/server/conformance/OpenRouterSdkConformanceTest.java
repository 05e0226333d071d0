package dev.latchkey.server.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
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
  static final String SUITE = "conformance/openrouter";
  static final String SCRIPT = "test.mjs";
  static final String REQUIRE_NODE_ENV = "LATCHKEY_TEST_REQUIRE_NODE";
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
  private static final Object INSTALL_LOCK = new Object();

  @Parameter String kind;

  static List<String> kinds() {
    return DatabaseKinds.available("OpenRouterSdkConformanceTest");
  }

  @Test
  void realOpenRouterSdk_passesEveryByokCheck() throws Exception {
    Path suite = suiteDirectory();
    Path node = executableOnPath("node").orElse(null);
    if (node == null) {
      String message =
          "\n*** OpenRouter SDK conformance suite SKIPPED: `node` (18 or later) is not on the"
              + " PATH, so the real @openrouter/sdk client cannot run. Install Node.js to run it;"
              + " "
              + REQUIRE_NODE_ENV
              + "=1 (set by .ci/run) turns this skip into a failure. ***\n";
      if ("1".equals(System.getenv(REQUIRE_NODE_ENV))) {
        fail(REQUIRE_NODE_ENV + "=1 but `node` is not on the PATH");
      }
      System.err.println(message);
      Assumptions.abort(message);
    }
    installDependencies(suite);

    TestServer server = TestServer.shared(kind);
    Run run =
        run(
            suite,
            List.of(node.toString(), SCRIPT),
            Map.of("LATCHKEY_URL", server.baseUrl(), "LATCHKEY_API_KEY", TestServer.MANAGEMENT_KEY),
            RUN_TIMEOUT,
            "[openrouter " + kind + "] ");
    if (run.timedOut()) {
      fail(
          "the @openrouter/sdk conformance run against the "
              + kind
              + " server did not finish within "
              + RUN_TIMEOUT
              + "; its output:\n"
              + run.output());
    }
    if (run.exitCode() != 0) {
      fail(
          "the real @openrouter/sdk client failed against the "
              + kind
              + " server (exit "
              + run.exitCode()
              + "); its output:\n"
              + run.output());
    }
  }

  /**
   * {@code npm ci --ignore-scripts} when {@code node_modules} is missing or older than {@code
   * package-lock.json}, so the client under test is exactly the locked one.
   */
  private static void installDependencies(Path suite) throws Exception {
    synchronized (INSTALL_LOCK) {
      Path lock = suite.resolve("package-lock.json");
      // npm rewrites this copy of the lock at the end of every install or ci.
      Path installed = suite.resolve("node_modules/.package-lock.json");
      if (Files.exists(installed)
          && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
        return;
      }
      Path npm =
          executableOnPath("npm")
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "`node` is on the PATH but `npm` is not; it is needed once to install "
                              + lock));
      Run install =
          run(
              suite,
              List.of(npm.toString(), "ci", "--ignore-scripts", "--no-audit", "--no-fund"),
              Map.of(),
              INSTALL_TIMEOUT,
              "[npm ci] ");
      if (install.timedOut() || install.exitCode() != 0) {
        fail(
            "`npm ci --ignore-scripts` in "
                + suite
                + (install.timedOut()
                    ? " did not finish within " + INSTALL_TIMEOUT
                    : " failed (exit " + install.exitCode() + ")")
                + "; its output:\n"
                + install.output());
      }
    }
  }

  record Run(int exitCode, boolean timedOut, String output) {}

  /**
   * Runs a command in {@code dir} without any {@code OPENROUTER_*} variable, echoing its combined
   * output to this test's stdout as it comes, and kills it (with its children) after {@code
   * timeout}.
   */
  private static Run run(
      Path dir, List<String> command, Map<String, String> env, Duration timeout, String prefix)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("OPENROUTER_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    StringBuilder output = new StringBuilder();
    Thread pump =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader reader =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                      System.out.println(prefix + line);
                      synchronized (output) {
                        output.append(line).append('\n');
                      }
                    }
                  } catch (IOException e) {
                    // the process was killed after its timeout; what was read is reported
                  }
                });
    boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    pump.join(Duration.ofSeconds(10));
    synchronized (output) {
      return new Run(finished ? process.exitValue() : -1, !finished, output.toString());
    }
  }

  /** The suite directory, found from the working directory (Maven runs tests in server/). */
  private static Path suiteDirectory() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path suite = dir.resolve(SUITE);
      if (Files.isRegularFile(suite.resolve("package-lock.json"))
          && Files.isRegularFile(suite.resolve(SCRIPT))) {
        return suite;
      }
    }
    throw new AssertionError(
        "cannot find " + SUITE + "/package-lock.json in " + start + " or any parent directory");
  }

  private static Optional<Path> executableOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
