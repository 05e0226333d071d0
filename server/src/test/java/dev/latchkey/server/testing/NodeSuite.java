package dev.latchkey.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Node.js suite that drives a real, unchanged client library against a server under test: a
 * directory of the repository (such as {@code conformance/openrouter}) holding a {@code
 * package.json}, its {@code package-lock.json} and a script run with {@code node}.
 *
 * <p>{@link #prepare()} finds {@code node} on the PATH (or skips the test loudly, or fails it when
 * {@code LATCHKEY_TEST_REQUIRE_NODE=1}, which CI sets) and installs the locked dependencies with
 * {@code npm ci} when {@code node_modules} is missing or older than the lock. {@link #run} then
 * runs the script with a timeout, echoing its output as it comes, and {@link #assertPassed} fails
 * the test with that output unless the script exited 0 in time. Every process the suite starts
 * ({@code npm ci} too) runs in the suite directory without the environment variables named by
 * {@link Builder#removeEnvPrefixes}.
 *
 * <pre>{@code
 * static final NodeSuite SUITE =
 *     NodeSuite.builder("conformance/openrouter", "test.mjs")
 *         .describedAs("OpenRouter SDK conformance suite", "@openrouter/sdk")
 *         .npmCiFlags("--ignore-scripts")
 *         .removeEnvPrefixes("OPENROUTER_")
 *         .build();
 *
 * SUITE.prepare();
 * NodeSuite.Run run = SUITE.run(Map.of("LATCHKEY_URL", url), "[openrouter sqlite] ");
 * SUITE.assertPassed(run, "sqlite");
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between the instances of a parameterized test.
 */
public final class NodeSuite {
  /** Set to {@code 1} to fail, rather than skip, a suite when {@code node} is not on the PATH. */
  public static final String REQUIRE_NODE_ENV = "LATCHKEY_TEST_REQUIRE_NODE";

  public static final Duration DEFAULT_INSTALL_TIMEOUT = Duration.ofMinutes(3);
  public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofMinutes(2);

  /** How long a killed process, and the thread echoing its output, are given to finish. */
  private static final Duration KILL_GRACE = Duration.ofSeconds(10);

  /** Serializes installs: suites sharing a JVM never run two {@code npm ci} at once. */
  private static final Object INSTALL_LOCK = new Object();

  private final String directory;
  private final String script;
  private final String title;
  private final String client;
  private final List<String> nodeOptions;
  private final List<String> npmCiFlags;
  private final List<String> removedEnvPrefixes;
  private final Duration installTimeout;
  private final Duration runTimeout;

  private NodeSuite(Builder builder) {
    this.directory = builder.directory;
    this.script = builder.script;
    this.title = Objects.requireNonNull(builder.title, "describedAs(title, client) is required");
    this.client = Objects.requireNonNull(builder.client, "describedAs(title, client) is required");
    this.nodeOptions = List.copyOf(builder.nodeOptions);
    this.npmCiFlags = List.copyOf(builder.npmCiFlags);
    this.removedEnvPrefixes = List.copyOf(builder.removedEnvPrefixes);
    this.installTimeout = builder.installTimeout;
    this.runTimeout = builder.runTimeout;
  }

  /**
   * A suite in {@code directory} (relative to the repository root, such as {@code
   * conformance/openrouter}) whose entry point is {@code script} in that directory.
   */
  public static Builder builder(String directory, String script) {
    return new Builder(directory, script);
  }

  /** Configures a {@link NodeSuite}; only {@link #describedAs} is required. */
  public static final class Builder {
    private final String directory;
    private final String script;
    private String title;
    private String client;
    private List<String> nodeOptions = List.of();
    private List<String> npmCiFlags = List.of();
    private List<String> removedEnvPrefixes = List.of();
    private Duration installTimeout = DEFAULT_INSTALL_TIMEOUT;
    private Duration runTimeout = DEFAULT_RUN_TIMEOUT;

    private Builder(String directory, String script) {
      this.directory = Objects.requireNonNull(directory);
      this.script = Objects.requireNonNull(script);
    }

    /**
     * How messages name the suite and what it tests: {@code title} such as {@code "OpenRouter SDK
     * conformance suite"} (in the skip notice), {@code client} such as {@code "@openrouter/sdk"}
     * (as in "the real @openrouter/sdk client failed").
     */
    public Builder describedAs(String title, String client) {
      this.title = Objects.requireNonNull(title);
      this.client = Objects.requireNonNull(client);
      return this;
    }

    /** Options given to {@code node} before the script, such as {@code "-r", "./redirect.cjs"}. */
    public Builder nodeOptions(String... options) {
      this.nodeOptions = List.of(options);
      return this;
    }

    /**
     * Flags given to {@code npm ci} besides {@code --no-audit --no-fund}, such as {@code
     * --ignore-scripts} when a package's install script would reach out to the network.
     */
    public Builder npmCiFlags(String... flags) {
      this.npmCiFlags = List.of(flags);
      return this;
    }

    /**
     * Environment variables whose names start with any of {@code prefixes} (such as {@code
     * OPENROUTER_}) are removed from every process the suite starts, {@code npm ci} included.
     */
    public Builder removeEnvPrefixes(String... prefixes) {
      this.removedEnvPrefixes = List.of(prefixes);
      return this;
    }

    /** How long {@code npm ci} may take; {@link #DEFAULT_INSTALL_TIMEOUT} unless set. */
    public Builder installTimeout(Duration timeout) {
      this.installTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** How long one {@link NodeSuite#run} may take; {@link #DEFAULT_RUN_TIMEOUT} unless set. */
    public Builder runTimeout(Duration timeout) {
      this.runTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public NodeSuite build() {
      return new NodeSuite(this);
    }
  }

  /** What a finished (or killed) process did; {@code exitCode} is -1 when it timed out. */
  public record Run(int exitCode, boolean timedOut, String output) {}

  /** How long one {@link #run} may take. */
  public Duration runTimeout() {
    return runTimeout;
  }

  /**
   * Makes the suite ready to {@link #run}: finds its directory and {@code node}, and installs its
   * dependencies when needed. Without {@code node} on the PATH this aborts the calling test with a
   * loud notice on stderr, or fails it when {@code LATCHKEY_TEST_REQUIRE_NODE=1}. Call it before
   * starting anything the suite needs, so a skip costs nothing.
   */
  public void prepare() throws IOException, InterruptedException {
    Path suite = suiteDirectory();
    requireNode();
    installDependencies(suite);
  }

  /**
   * Runs {@code node <node options> <script>} in the suite directory with {@code env} added to its
   * environment, echoing each line it prints (stdout and stderr) to this test's stdout after {@code
   * outputPrefix}, and kills it, with its children, after the run timeout. Call {@link #prepare()}
   * first.
   */
  public Run run(Map<String, String> env, String outputPrefix)
      throws IOException, InterruptedException {
    Path suite = suiteDirectory();
    List<String> command = new ArrayList<>();
    command.add(requireNode().toString());
    command.addAll(nodeOptions);
    command.add(script);
    return run(suite, command, env, runTimeout, outputPrefix);
  }

  /**
   * Fails the test, with the script's output, unless {@code run} finished within the run timeout
   * and exited 0; {@code kind} names the server it ran against (as in "the sqlite server").
   */
  public void assertPassed(Run run, String kind) {
    if (run.timedOut()) {
      fail(
          "the "
              + client
              + " conformance run against the "
              + kind
              + " server did not finish within "
              + runTimeout
              + "; its output:\n"
              + run.output());
    }
    if (run.exitCode() != 0) {
      fail(
          "the real "
              + client
              + " client failed against the "
              + kind
              + " server (exit "
              + run.exitCode()
              + "); its output:\n"
              + run.output());
    }
  }

  /** {@code node} on the PATH; aborts (or fails) the test without it, as {@link #prepare} says. */
  private Path requireNode() {
    Optional<Path> node = executableOnPath("node");
    if (node.isPresent()) {
      return node.get();
    }
    String message =
        "\n*** "
            + title
            + " SKIPPED: `node` (18 or later) is not on the PATH, so the real "
            + client
            + " client cannot run. Install Node.js to run it; "
            + REQUIRE_NODE_ENV
            + "=1 (set by .ci/run) turns this skip into a failure. ***\n";
    if ("1".equals(System.getenv(REQUIRE_NODE_ENV))) {
      fail(REQUIRE_NODE_ENV + "=1 but `node` is not on the PATH");
    }
    System.err.println(message);
    return Assumptions.abort(message);
  }

  /**
   * {@code npm ci} (with the configured flags) when {@code node_modules} is missing or older than
   * {@code package-lock.json}, so the client under test is exactly the locked one.
   */
  private void installDependencies(Path suite) throws IOException, InterruptedException {
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
      List<String> command = new ArrayList<>(List.of(npm.toString(), "ci"));
      command.addAll(npmCiFlags);
      command.addAll(List.of("--no-audit", "--no-fund"));
      Run install = run(suite, command, Map.of(), installTimeout, "[npm ci] ");
      if (install.timedOut() || install.exitCode() != 0) {
        List<String> shown = new ArrayList<>(List.of("npm", "ci"));
        shown.addAll(npmCiFlags);
        fail(
            "`"
                + String.join(" ", shown)
                + "` in "
                + suite
                + (install.timedOut()
                    ? " did not finish within " + installTimeout
                    : " failed (exit " + install.exitCode() + ")")
                + "; its output:\n"
                + install.output());
      }
    }
  }

  /**
   * Runs {@code command} in {@code dir} without the removed variables and with {@code env} added,
   * echoing its combined output to this test's stdout as it comes, and kills it (with its children)
   * after {@code timeout}.
   */
  private Run run(
      Path dir, List<String> command, Map<String, String> env, Duration timeout, String prefix)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.redirectErrorStream(true);
    builder
        .environment()
        .keySet()
        .removeIf(name -> removedEnvPrefixes.stream().anyMatch(name::startsWith));
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
      process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
    pump.join(KILL_GRACE);
    synchronized (output) {
      return new Run(finished ? process.exitValue() : -1, !finished, output.toString());
    }
  }

  /**
   * The suite directory: the first {@code <ancestor>/<directory>} of the working directory holding
   * both {@code package-lock.json} and the script (Maven runs tests in {@code server/}).
   */
  private Path suiteDirectory() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path suite = dir.resolve(directory);
      if (Files.isRegularFile(suite.resolve("package-lock.json"))
          && Files.isRegularFile(suite.resolve(script))) {
        return suite;
      }
    }
    throw new AssertionError(
        "cannot find " + directory + "/package-lock.json in " + start + " or any parent directory");
  }

  private static Optional<Path> executableOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String entry : path.split(File.pathSeparator)) {
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
