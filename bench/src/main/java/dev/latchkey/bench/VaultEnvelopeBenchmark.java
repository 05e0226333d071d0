package dev.latchkey.bench;

import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.crypto.RandomTokens;
import dev.latchkey.server.crypto.SealedColumns;
import dev.latchkey.server.crypto.ServerKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The vault's envelope encryption (issue 6 §5): {@link MasterKeys#seal} and {@link MasterKeys#open}
 * of one provider key under a freshly generated master keyset (Tink AES-256-GCM), with the
 * associated data the vault uses ({@code provider_credentials.secret:<id>:<workspace>}, from {@link
 * SealedColumns#PROVIDER_SECRET}), on one thread (so the score is per core). The stored form is
 * {@code t1:} + base64, so the score includes the base64 step the server does.
 *
 * <p>Key sizes: 51 bytes (a classic OpenAI {@code sk-} key), 108 (an Anthropic {@code
 * sk-ant-api03-} key), 200 (a long project-scoped key).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class VaultEnvelopeBenchmark {
  @Param({"51", "108", "200"})
  public int keyBytes;

  private MasterKeys sealer;
  private byte[] plaintext;
  private String associatedData;
  private String sealed;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("latchkey-jmh-vault-");
    // the legacy key only opens v1: values; it is never used here
    ServerKeys legacy = ServerKeys.fromMaster(RandomTokens.bytes(32));
    sealer = MasterKeys.open(null, null, dir, true, legacy).keys();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    StringBuilder key = new StringBuilder("sk-");
    byte[] random = RandomTokens.bytes(keyBytes);
    for (int i = key.length(); i < keyBytes; i++) {
      key.append(alphabet.charAt((random[i] & 0xff) % alphabet.length()));
    }
    plaintext = key.toString().getBytes(StandardCharsets.UTF_8);
    associatedData =
        SealedColumns.PROVIDER_SECRET.associatedData(
            UUID.randomUUID().toString(), UUID.randomUUID().toString());
    sealed = sealer.seal(plaintext, associatedData);
    if (!java.util.Arrays.equals(sealer.open(sealed, associatedData), plaintext)) {
      throw new IllegalStateException("seal/open round trip failed in setup");
    }
  }

  @Benchmark
  public String seal() {
    return sealer.seal(plaintext, associatedData);
  }

  @Benchmark
  public byte[] open() {
    return sealer.open(sealed, associatedData);
  }
}
