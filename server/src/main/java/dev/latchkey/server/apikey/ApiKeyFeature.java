package dev.latchkey.server.apikey;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.server.audit.AuditLog;
import dev.latchkey.server.common.Changes;
import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.Principal;
import dev.latchkey.server.common.Secret;
import dev.latchkey.server.crypto.ServerKeys;
import dev.latchkey.server.identity.Identity;
import dev.latchkey.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The API-key feature, wired, with the background writer of usage and credits. */
public final class ApiKeyFeature implements AutoCloseable {
  private final ApiKeys apiKeys;
  private final KeyValidator validator;
  private final ScheduledExecutorService flusher;

  public ApiKeyFeature(
      Database db,
      ServerKeys keys,
      AuditLog audit,
      Identity identity,
      Changes changes,
      Clock clock,
      ObjectMapper json,
      String prefix,
      int cacheSize,
      Duration flushInterval) {
    ApiKeyStore store = new ApiKeyStore();
    this.validator =
        new KeyValidator(
            db,
            store,
            keys,
            identity.users(),
            identity.orgs(),
            changes,
            clock,
            json,
            new KeyValidator.ApiKeysSettings(
                cacheSize, Duration.ofMinutes(10), 100, 30, Duration.ofMinutes(1)));
    this.apiKeys =
        new ApiKeys(
            db,
            store,
            keys,
            audit,
            identity.users(),
            identity.orgs(),
            changes,
            clock,
            json,
            prefix,
            validator);
    validator.attach(apiKeys);
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "latchkey-usage-writer");
              t.setDaemon(true);
              return t;
            });
    flusher.scheduleWithFixedDelay(
        validator::flushUsage,
        flushInterval.toMillis(),
        flushInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * The owner of an issued API key presented as a credential, or empty when it is not a valid key.
   * Rate limits and credits apply as for a validation; a 429 propagates.
   */
  public Optional<Principal> owner(Secret token, String clientAddress) {
    try {
      ApiKeyViews.Validation v = validator.validate(token.reveal(), false, clientAddress);
      return Optional.of(
          Principal.apiKey(
              v.apiKeyId(),
              v.user() == null ? null : v.user().userId(),
              v.org() == null ? null : v.org().orgId()));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  ApiKeys apiKeys() {
    return apiKeys;
  }

  KeyValidator validator() {
    return validator;
  }

  /** Stops the writer and writes what is still pending. */
  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    validator.flushUsage();
  }
}
