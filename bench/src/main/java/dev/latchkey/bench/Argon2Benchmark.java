package dev.latchkey.bench;

import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.Passwords;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's Argon2id rate at Latchkey's parameters (m = 7 MiB, t = 5, p = 1), per core: the
 * ceiling of password login, which verifies one such hash per attempt.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class Argon2Benchmark {
  private final Secret password = Secret.of("correct horse battery staple");

  @Benchmark
  public String hashArgon2id() {
    return Passwords.hash(password);
  }
}
