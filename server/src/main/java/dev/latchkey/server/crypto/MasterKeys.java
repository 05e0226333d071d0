package dev.latchkey.server.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.latchkey.server.common.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Envelope encryption for every recoverable secret (provider keys, MFA secrets, signing keys):
 * Google Tink AEAD (AES-256-GCM) under a master keyset, the key-encryption key. Associated data
 * binds each ciphertext to its table, column, row and owner, so a ciphertext copied elsewhere does
 * not decrypt.
 *
 * <p>The keyset holds versions: {@link #rotate} adds a new primary (new ciphertexts use it, old
 * ones still decrypt, each names its key in Tink's 5-byte prefix), {@link Rewrap} re-encrypts
 * stored ciphertexts to the primary without returning plaintext, and {@link #retire} then removes a
 * key no ciphertext uses any more.
 *
 * <p>The keyset comes from {@code LATCHKEY_MASTER_KEY_FILE}, {@code LATCHKEY_MASTER_KEY} (Tink
 * JSON, read-only), or a file generated in the data directory on first start. A KMS-held
 * key-encryption key is the documented extension point: implement {@link KeysetSource} to read a
 * keyset encrypted under the KMS key ({@code TinkJsonProtoKeysetFormat.parseEncryptedKeyset}).
 *
 * <p>Stored form: {@code t1:<base64 Tink ciphertext>}. Values written before Tink ({@code v1:}, the
 * server secret's data key) still open, and {@link Rewrap} converts them.
 */
public final class MasterKeys {
  public static final String FILE_NAME = "master-keyset.json";
  static final String PREFIX = "t1:";
  private static final String LEGACY_PREFIX = "v1:";

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Where the keyset lives and whether it can be rewritten (rotation). */
  public interface KeysetSource {
    KeysetHandle load() throws GeneralSecurityException;

    /** Persists a rotated keyset; sources that cannot say why in the exception. */
    void store(KeysetHandle keyset) throws GeneralSecurityException;

    String describe();
  }

  private final KeysetSource source;
  private final ServerKeys legacy;
  private volatile KeysetHandle keyset;
  private volatile Aead aead;

  private MasterKeys(KeysetSource source, KeysetHandle keyset, ServerKeys legacy)
      throws GeneralSecurityException {
    this.source = source;
    this.legacy = legacy;
    use(keyset);
  }

  /** A keyset outcome for the start-up message: loaded as configured, or newly generated. */
  public record Opened(MasterKeys keys, boolean generated) {}

  /**
   * Opens the configured keyset. Generates one into {@code dataDir} only when nothing is
   * configured, no file exists and {@code mayGenerate} (the database holds nothing encrypted yet).
   */
  public static Opened open(
      Path file, Secret inline, Path dataDir, boolean mayGenerate, ServerKeys legacy) {
    try {
      if (inline != null) {
        return new Opened(
            new MasterKeys(
                new InlineSource(inline), parse(inline.reveal(), "LATCHKEY_MASTER_KEY"), legacy),
            false);
      }
      Path path = file != null ? file : dataDir.resolve(FILE_NAME);
      FileSource source = new FileSource(path);
      if (Files.exists(path)) {
        return new Opened(new MasterKeys(source, source.load(), legacy), false);
      }
      if (file != null) {
        throw new IllegalStateException("LATCHKEY_MASTER_KEY_FILE " + path + " does not exist");
      }
      if (!mayGenerate) {
        throw new IllegalStateException(
            "the master keyset "
                + path
                + " is missing, but this database holds data encrypted "
                + "under one: restore the file or set LATCHKEY_MASTER_KEY_FILE / LATCHKEY_MASTER_KEY. Starting with a new key "
                + "would make every stored provider key, MFA secret and signing key unreadable.");
      }
      KeysetHandle fresh =
          KeysetHandle.newBuilder()
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build();
      source.store(fresh);
      return new Opened(new MasterKeys(source, fresh, legacy), true);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the master keyset cannot be used: " + e.getMessage(), e);
    }
  }

  private void use(KeysetHandle handle) throws GeneralSecurityException {
    Aead primitive = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    this.keyset = handle;
    this.aead = primitive;
  }

  /** Encrypts under the primary key, bound to {@code associatedData}. */
  public String seal(byte[] plaintext, String associatedData) {
    try {
      return PREFIX
          + Base64.getEncoder()
              .encodeToString(
                  aead.encrypt(plaintext, associatedData.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed", e);
    }
  }

  /**
   * Decrypts a value from {@link #seal} (or a legacy {@code v1:} value). Fails for another row's
   * associated data, a tampered or truncated value, or a key no longer in the keyset.
   */
  public byte[] open(String stored, String associatedData) {
    if (stored != null && stored.startsWith(LEGACY_PREFIX)) {
      return legacy.decrypt(stored, associatedData);
    }
    if (stored == null || !stored.startsWith(PREFIX)) {
      throw new IllegalStateException("unknown ciphertext format");
    }
    try {
      byte[] ciphertext = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      return aead.decrypt(ciphertext, associatedData.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "decryption failed: wrong master key, or the ciphertext belongs to another row");
    }
  }

  /** The key a stored value was sealed with: its Tink key id, or 0 for a legacy value. */
  static int keyIdOf(String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      return 0;
    }
    byte[] head =
        Base64.getDecoder()
            .decode(
                stored.substring(PREFIX.length(), Math.min(stored.length(), PREFIX.length() + 8)));
    return ByteBuffer.wrap(head, 1, 4).getInt();
  }

  public int primaryKeyId() {
    return keyset.getPrimary().getId();
  }

  /** A key of the keyset, as listed. */
  public record KeyVersion(int id, String status, boolean primary) {}

  public List<KeyVersion> versions() {
    List<KeyVersion> out = new ArrayList<>();
    KeysetHandle k = keyset;
    for (int i = 0; i < k.size(); i++) {
      KeysetHandle.Entry e = k.getAt(i);
      out.add(new KeyVersion(e.getId(), e.getStatus().toString(), e.isPrimary()));
    }
    return out;
  }

  /** Adds a new AES-256-GCM key and makes it the primary; persists the keyset first. */
  public synchronized KeyVersion rotate() {
    try {
      KeysetHandle next =
          KeysetHandle.newBuilder(keyset)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build();
      source.store(next);
      use(next);
      return new KeyVersion(next.getPrimary().getId(), KeyStatus.ENABLED.toString(), true);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("rotation failed: " + e.getMessage(), e);
    }
  }

  /** Removes key {@code keyId}: never the primary; the caller checks that nothing uses it. */
  synchronized void remove(int keyId) {
    try {
      if (keyset.getPrimary().getId() == keyId) {
        throw new IllegalArgumentException("key " + keyId + " is the primary; rotate first");
      }
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
      boolean found = false;
      for (int i = 0; i < builder.size(); i++) {
        if (keyset.getAt(i).getId() == keyId) {
          builder.deleteAt(i);
          found = true;
          break;
        }
      }
      if (!found) {
        throw new IllegalArgumentException("no key " + keyId + " in the master keyset");
      }
      KeysetHandle next = builder.build();
      source.store(next);
      use(next);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("retiring key " + keyId + " failed: " + e.getMessage(), e);
    }
  }

  public String describeSource() {
    return source.describe();
  }

  private static KeysetHandle parse(String json, String where) throws GeneralSecurityException {
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new GeneralSecurityException(
          where
              + " is not a Tink JSON keyset (create one with 'tinkey create-keyset"
              + " --key-template AES256_GCM')",
          e);
    }
  }

  /** A keyset file (mode 600), rewritten atomically on rotation. */
  static final class FileSource implements KeysetSource {
    private final Path path;

    FileSource(Path path) {
      this.path = path;
    }

    @Override
    public KeysetHandle load() throws GeneralSecurityException {
      try {
        return parse(Files.readString(path), path.toString());
      } catch (IOException e) {
        throw new GeneralSecurityException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void store(KeysetHandle keyset) throws GeneralSecurityException {
      try {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(
            tmp, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system: the directory's permissions must protect it
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new GeneralSecurityException("cannot write " + path + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String describe() {
      return "file " + path;
    }
  }

  /** A keyset given in LATCHKEY_MASTER_KEY: read-only, rotate it where it is kept. */
  static final class InlineSource implements KeysetSource {
    private final Secret json;

    InlineSource(Secret json) {
      this.json = json;
    }

    @Override
    public KeysetHandle load() throws GeneralSecurityException {
      return parse(json.reveal(), "LATCHKEY_MASTER_KEY");
    }

    @Override
    public void store(KeysetHandle keyset) throws GeneralSecurityException {
      throw new GeneralSecurityException(
          "the master keyset comes from LATCHKEY_MASTER_KEY, which the server cannot"
              + " rewrite: add a key to it where it is kept (tinkey add-key, promote-key) and restart");
    }

    @Override
    public String describe() {
      return "LATCHKEY_MASTER_KEY";
    }
  }
}
