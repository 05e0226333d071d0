package dev.latchkey.server.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.latchkey.server.testing.DatabaseKinds;
import dev.latchkey.server.testing.MutableClock;
import dev.latchkey.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
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
  static final String SUITE = "conformance/propelauth";
  static final String REQUIRE_NODE_ENV = "LATCHKEY_TEST_REQUIRE_NODE";
  static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
  static final Duration SERVER_CLOCK_LAG = Duration.ofMinutes(10);
  static final Duration CLOCK_TICK = Duration.ofMillis(10);
  static final int START_ATTEMPTS = 5;
  private static final Object INSTALL_LOCK = new Object();

  @Parameter String kind;

  static List<String> kinds() {
    return DatabaseKinds.available("PropelAuthNodeConformanceTest");
  }

  @Test
  void realPropelAuthNodeClient_passesEveryUserOrgAndTokenCheck() throws Exception {
    Path suite = suiteDirectory();
    Path node = executableOnPath("node").orElse(null);
    if (node == null) {
      String message =
          "\n*** PropelAuth Node conformance suite SKIPPED: `node` (18 or later) is not on the"
              + " PATH, so the real @propelauth/node client cannot run. Install Node.js to run it;"
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

    Run run;
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
            run(
                suite,
                List.of(node.toString(), "-r", "./redirect.cjs", "test.cjs"),
                Map.of(
                    "LATCHKEY_PORT",
                    String.valueOf(server.port()),
                    "LATCHKEY_API_KEY",
                    TestServer.MANAGEMENT_KEY,
                    "LATCHKEY_SERVER_CLOCK_LAG_SECONDS",
                    String.valueOf(SERVER_CLOCK_LAG.toSeconds())),
                RUN_TIMEOUT,
                "[conformance " + kind + "] ");
      } finally {
        running.set(false);
        ticker.interrupt();
        ticker.join(Duration.ofSeconds(10));
      }
    }
    if (run.timedOut()) {
      fail(
          "the @propelauth/node conformance run against the "
              + kind
              + " server did not finish within "
              + RUN_TIMEOUT
              + "; its output:\n"
              + run.output());
    }
    if (run.exitCode() != 0) {
      fail(
          "the real @propelauth/node client failed against the "
              + kind
              + " server (exit "
              + run.exitCode()
              + "); its output:\n"
              + run.output());
    }
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

  /**
   * {@code npm ci} when {@code node_modules} is missing or older than {@code package-lock.json}, so
   * the client under test is exactly the locked one.
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
                              + suite.resolve("package-lock.json")));
      Run install =
          run(
              suite,
              List.of(npm.toString(), "ci", "--no-audit", "--no-fund"),
              Map.of(),
              INSTALL_TIMEOUT,
              "[npm ci] ");
      if (install.timedOut() || install.exitCode() != 0) {
        fail(
            "`npm ci` in "
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
   * Runs a command in {@code dir}, echoing its combined output to this test's stdout as it comes,
   * and kills it (with its children) after {@code timeout}.
   */
  private static Run run(
      Path dir, List<String> command, Map<String, String> env, Duration timeout, String prefix)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
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
          && Files.isRegularFile(suite.resolve("test.cjs"))) {
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
