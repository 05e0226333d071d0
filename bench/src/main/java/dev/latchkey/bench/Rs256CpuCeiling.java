package dev.latchkey.bench;

import dev.latchkey.server.oauth.GrantProbe;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The RS256 ceiling per CPU-second rather than per wall-clock second: the server's own grant code
 * ({@link GrantProbe}, as {@link Rs256CeilingBenchmark#clientCredentialsGrant}) run by N threads,
 * counting each thread's own CPU time. On a machine shared with other work, JMH's wall-clock rate
 * drops with the share of the cores it gets; grants per CPU-second do not, and compare with a
 * server's grants per CPU-second measured the same way (/proc) during a load run. Prints one line:
 * {@code threads=N seconds=S grants=G wall_per_s=W cpu_seconds=C per_cpu_second=P}.
 *
 * <p>Usage: {@code java -cp ... dev.latchkey.bench.Rs256CpuCeiling [threads] [warmupSeconds]
 * [seconds]}
 */
public final class Rs256CpuCeiling {
  private Rs256CpuCeiling() {}

  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    try (SigningFixture fixture = new SigningFixture("rs256-cpu")) {
      GrantProbe probe =
          new GrantProbe(
              fixture.signingKeys,
              fixture.serverKeys,
              fixture.audit,
              fixture.clock,
              "http://bench");
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      AtomicLong grants = new AtomicLong();
      AtomicLong cpuNanos = new AtomicLong();
      CountDownLatch measuring = new CountDownLatch(threads);
      long[] window = new long[2];
      Thread[] workers = new Thread[threads];
      long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
      long end = warmEnd + seconds * 1_000_000_000L;
      for (int t = 0; t < threads; t++) {
        workers[t] =
            new Thread(
                () -> {
                  while (System.nanoTime() < warmEnd) {
                    probe.grant();
                  }
                  long cpu0 = mx.getCurrentThreadCpuTime();
                  long n = 0;
                  measuring.countDown();
                  while (System.nanoTime() < end) {
                    probe.grant();
                    n++;
                  }
                  cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
                  grants.addAndGet(n);
                });
        workers[t].start();
      }
      measuring.await();
      window[0] = System.nanoTime();
      for (Thread w : workers) {
        w.join();
      }
      window[1] = System.nanoTime();
      double wall = (window[1] - window[0]) / 1e9;
      double cpu = cpuNanos.get() / 1e9;
      System.out.printf(
          Locale.ROOT,
          "threads=%d seconds=%.1f grants=%d wall_per_s=%.0f cpu_seconds=%.1f per_cpu_second=%.0f%n",
          threads,
          wall,
          grants.get(),
          grants.get() / wall,
          cpu,
          grants.get() / cpu);
    }
  }
}
