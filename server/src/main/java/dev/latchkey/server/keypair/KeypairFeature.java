package dev.latchkey.server.keypair;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.crypto.MasterKeys;
import dev.latchkey.server.identity.UserService;
import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The keypair feature, wired, with the background writer of usage counts. */
public final class KeypairFeature implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeypairFeature.class);

  private final ResourcePolicies policies;
  private final Keypairs keypairs;
  private final SignedRequests verifier;
  private final UsageCounts usage;
  private final ScheduledExecutorService flusher;

  public KeypairFeature(
      Database db,
      MasterKeys sealer,
      AuditLog audit,
      UserService users,
      Changes changes,
      Clock clock,
      ObjectMapper json,
      int cacheSize,
      Duration flushInterval) {
    KeypairStore store = new KeypairStore();
    PolicyStore policyStore = new PolicyStore(json);
    this.usage = new UsageCounts(db, store);
    this.verifier =
        new SignedRequests(db, store, policyStore, sealer, users, changes, clock, usage, cacheSize);
    this.policies = new ResourcePolicies(db, policyStore, audit, clock, verifier::evictAll);
    this.keypairs = new Keypairs(db, store, policyStore, sealer, audit, users, clock, verifier);
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "latchkey-keypair-usage-writer");
              t.setDaemon(true);
              return t;
            });
    flusher.scheduleWithFixedDelay(
        this::flushQuietly,
        flushInterval.toMillis(),
        flushInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void flushQuietly() {
    try {
      usage.flush();
    } catch (RuntimeException e) {
      LOG.warn("writing keypair usage failed; it is kept for the next attempt", e);
    }
  }

  ResourcePolicies policies() {
    return policies;
  }

  Keypairs keypairs() {
    return keypairs;
  }

  SignedRequests verifier() {
    return verifier;
  }

  /** Writes the usage counted so far (tests read num_queries after it). */
  public void flushUsage() {
    usage.flush();
  }

  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
