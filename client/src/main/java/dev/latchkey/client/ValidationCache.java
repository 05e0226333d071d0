package dev.latchkey.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optional local cache of {@link LatchkeyApiKeys}: successful validations by token, for a fixed
 * time after the server answered, at most {@code maxEntries} of them, least recently used out
 * first. Keys are SHA-256 digests, so the cache never holds a token. Thread-safe: every access
 * holds the map's lock briefly, never during a request or while hashing.
 */
final class ValidationCache {
  private final long ttlMillis;
  private final Clock clock;
  private final Map<String, Cached> entries;

  private record Cached(ApiKeyValidation validation, long expiresAtMillis) {}

  ValidationCache(Duration ttl, int maxEntries, Clock clock) {
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** The cached validation of {@code token}, or null if there is none or it is too old. */
  ApiKeyValidation get(String token) {
    String key = digest(token);
    long now = clock.millis();
    synchronized (entries) {
      Cached e = entries.get(key);
      if (e == null) {
        return null;
      }
      if (now >= e.expiresAtMillis()) {
        entries.remove(key);
        return null;
      }
      return e.validation();
    }
  }

  void put(String token, ApiKeyValidation validation) {
    String key = digest(token);
    Cached entry = new Cached(validation, clock.millis() + ttlMillis);
    synchronized (entries) {
      entries.put(key, entry);
    }
  }

  void remove(String token) {
    String key = digest(token);
    synchronized (entries) {
      entries.remove(key);
    }
  }

  void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private static String digest(String token) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
