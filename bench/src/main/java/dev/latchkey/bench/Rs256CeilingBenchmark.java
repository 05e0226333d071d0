package dev.latchkey.bench;

import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.server.oauth.GrantProbe;
import dev.latchkey.server.token.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
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
 * The ceiling of {@code POST /oauth2/token}: the machine's RS256 (RSA-2048, SHA-256, PKCS#1 v1.5)
 * signing rate. {@code clientCredentialsGrant} runs the server's own grant code (the secret's keyed
 * digest and {@code OAuthTokens.grant}: claims, Nimbus RS256 with the {@link SigningKeys} signer,
 * serialization) with nothing of HTTP; {@code rsa2048Sign} is the bare signature under it. One
 * thread by default: per core; {@code -t 2} for what two cores sign together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class Rs256CeilingBenchmark {
  private SigningFixture fixture;
  private SigningKeys signingKeys;
  private GrantProbe probe;
  private byte[] signingInput;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = new SigningFixture("jmh-rs256");
    signingKeys = fixture.signingKeys;
    probe =
        new GrantProbe(
            signingKeys, fixture.serverKeys, fixture.audit, fixture.clock, "http://127.0.0.1:8080");
    String token = probe.grant();
    SignedJWT parsed = SignedJWT.parse(token);
    if (!parsed.verify(
        new com.nimbusds.jose.crypto.RSASSAVerifier(signingKeys.signer().publicKey()))) {
      throw new IllegalStateException("the grant's token did not verify in setup");
    }
    signingInput = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    fixture.close();
  }

  /** One Signature per thread, as a server thread would keep one. */
  @State(Scope.Thread)
  public static class Signer {
    Signature rsa;

    @Setup(Level.Trial)
    public void setUp(Rs256CeilingBenchmark b) throws GeneralSecurityException {
      rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(b.signingKeys.signer().privateKey());
    }
  }

  /** The server's client-credentials grant without HTTP: digest the secret, build, sign. */
  @Benchmark
  public String clientCredentialsGrant() {
    return probe.grant();
  }

  /** The bare RSA-2048 SHA256withRSA signature over a client-credentials token's signing input. */
  @Benchmark
  public byte[] rsa2048Sign(Signer s) throws GeneralSecurityException {
    s.rsa.update(signingInput);
    return s.rsa.sign();
  }
}
