package dev.latchkey.server.crypto;

import dev.latchkey.server.common.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's own secret, from {@code LATCHKEY_SECRET_KEY} or a file generated in the data
 * directory. Two keys are derived from it: one for keyed digests of issued secrets (so a leaked
 * database reveals no usable credential) and one data key for the few recoverable secrets (AES-256
 * GCM, with associated data binding each ciphertext to its row).
 *
 * <p>The vault issue replaces the data key with a Tink keyset and key versions; ciphertexts carry a
 * version prefix so that a rewrap can tell them apart.
 */
public final class ServerKeys {
  public static final String FILE_NAME = "secret.key";
  private static final String CIPHER_VERSION = "v1";
  private static final int NONCE_BYTES = 12;

  private final byte[] digestKey;
  private final byte[] dataKey;
  // Initialized MACs for digests, reused: digests sit on every authenticated request's path, and
  // creating and keying a Mac costs more than computing one HMAC. (Virtual threads make
  // ThreadLocal caching useless here.)
  private final java.util.concurrent.ConcurrentLinkedQueue<Mac> digestMacs =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private ServerKeys(byte[] master) {
    this.digestKey = hmac(master, "latchkey/digest/v1".getBytes(StandardCharsets.UTF_8));
    this.dataKey = hmac(master, "latchkey/data-key/v1".getBytes(StandardCharsets.UTF_8));
  }

  /** For tests and the CLI: keys from raw master bytes. */
  public static ServerKeys fromMaster(byte[] master) {
    if (master.length < 32) {
      throw new IllegalArgumentException(
          "the server secret must be at least 32 bytes, got " + master.length);
    }
    return new ServerKeys(master);
  }

  /**
   * Loads the configured secret (base64 of at least 32 bytes), or reads/creates {@value FILE_NAME}
   * in the data directory. Returns whether the file was just created via {@link Loaded#created()}.
   */
  public static Loaded load(Secret configured, Path dataDir) {
    if (configured != null) {
      byte[] master;
      try {
        master = Base64.getDecoder().decode(configured.reveal().strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(
            "LATCHKEY_SECRET_KEY must be base64 (e.g. from 'openssl rand -base64 32')");
      }
      if (master.length < 32) {
        throw new IllegalStateException(
            "LATCHKEY_SECRET_KEY must decode to at least 32 bytes, got " + master.length);
      }
      return new Loaded(new ServerKeys(master), false);
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        byte[] master = Base64.getDecoder().decode(Files.readString(file).strip());
        return new Loaded(fromMaster(master), false);
      }
      Files.createDirectories(dataDir);
      byte[] master = RandomTokens.bytes(32);
      Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
      Files.writeString(tmp, Base64.getEncoder().encodeToString(master) + "\n");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system; the data directory's own permissions must protect it
      }
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return new Loaded(fromMaster(master), true);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot read or create the server secret " + file + ": " + e.getMessage(), e);
    }
  }

  public record Loaded(ServerKeys keys, boolean created) {}

  /** Keyed digest (HMAC-SHA-256, base64url) of a secret; what the database stores instead of it. */
  public String digest(Secret secret) {
    Mac mac = digestMacs.poll();
    if (mac == null) {
      mac = newMac(digestKey);
    }
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(secret.revealBytes()));
    } finally {
      if (digestMacs.size() < 64) {
        digestMacs.offer(mac);
      }
    }
  }

  private static Mac newMac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  /** A value that changes with the secret, stored once so that a wrong secret stops the server. */
  public String fingerprint() {
    return digest(Secret.of("latchkey key check"));
  }

  /**
   * Encrypts {@code plaintext}, binding it to {@code associatedData} (table, column, row, owner).
   */
  public String encrypt(byte[] plaintext, String associatedData) {
    try {
      byte[] nonce = RandomTokens.bytes(NONCE_BYTES);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] ciphertext = cipher.doFinal(plaintext);
      ByteBuffer out =
          ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext);
      return CIPHER_VERSION + ":" + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /** Decrypts a value from {@link #encrypt}; fails if it was made for other associated data. */
  public byte[] decrypt(String stored, String associatedData) {
    if (stored == null || !stored.startsWith(CIPHER_VERSION + ":")) {
      throw new IllegalStateException("unknown ciphertext version");
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(CIPHER_VERSION.length() + 1));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(dataKey, "AES"),
          new GCMParameterSpec(128, all, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "decryption failed: wrong key or the ciphertext belongs to another row");
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
