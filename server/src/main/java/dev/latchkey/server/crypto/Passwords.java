package dev.latchkey.server.crypto;

import dev.latchkey.server.common.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes. New hashes are Argon2id with OWASP parameters (7 MiB, 5 passes, 1 lane). Hashes
 * migrated from other systems may be bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) or any
 * Argon2 variant in PHC string form; {@link #needsRehash} tells the login path to upgrade them.
 */
public final class Passwords {
  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 256;
  static final int MEMORY_KIB = 7 * 1024;
  static final int ITERATIONS = 5;
  static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private static final Pattern BCRYPT =
      Pattern.compile("^\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}$");
  private static final Pattern ARGON2 =
      Pattern.compile(
          "^\\$(argon2id|argon2i|argon2d)\\$(?:v=(\\d+)\\$)?m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+={0,2})\\$([A-Za-z0-9+/]+={0,2})$");

  private Passwords() {}

  public static String hash(Secret password) {
    byte[] salt = RandomTokens.bytes(SALT_BYTES);
    byte[] out =
        argon2(
            Argon2Parameters.ARGON2_id,
            0x13,
            MEMORY_KIB,
            ITERATIONS,
            PARALLELISM,
            salt,
            password,
            HASH_BYTES);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m="
        + MEMORY_KIB
        + ",t="
        + ITERATIONS
        + ",p="
        + PARALLELISM
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(out);
  }

  /** Constant-time check of {@code password} against a stored bcrypt or Argon2 hash. */
  public static boolean verify(Secret password, String stored) {
    if (stored == null) {
      return false;
    }
    if (BCRYPT.matcher(stored).matches()) {
      // bcrypt only reads the first 72 bytes; longer passwords still verify against their prefix
      return OpenBSDBCrypt.checkPassword(stored, password.reveal().toCharArray());
    }
    Optional<Argon2Hash> parsed = parseArgon2(stored);
    if (parsed.isEmpty()) {
      return false;
    }
    Argon2Hash h = parsed.get();
    byte[] actual =
        argon2(
            h.type,
            h.version,
            h.memoryKib,
            h.iterations,
            h.parallelism,
            h.salt,
            password,
            h.hash.length);
    return MessageDigest.isEqual(actual, h.hash);
  }

  /** True when a stored hash is not Argon2id with at least the current parameters. */
  public static boolean needsRehash(String stored) {
    return parseArgon2(stored)
        .map(
            h ->
                h.type != Argon2Parameters.ARGON2_id
                    || h.memoryKib < MEMORY_KIB
                    || h.iterations < ITERATIONS
                    || h.version != 0x13)
        .orElse(true);
  }

  /** Why an imported hash cannot be used, or empty when it is a supported bcrypt or Argon2 hash. */
  public static Optional<String> importProblem(String hash) {
    if (hash == null || hash.isBlank()) {
      return Optional.of("must not be empty");
    }
    if (hash.length() > 512) {
      return Optional.of("must be at most 512 characters");
    }
    Matcher bcrypt = BCRYPT.matcher(hash);
    if (bcrypt.matches()) {
      int cost = Integer.parseInt(bcrypt.group(1));
      return cost >= 4 && cost <= 31
          ? Optional.empty()
          : Optional.of("has a bcrypt cost outside 4..31");
    }
    Optional<Argon2Hash> argon = parseArgon2(hash);
    if (argon.isEmpty()) {
      return Optional.of(
          "must be a bcrypt ($2a$, $2b$, $2y$) or Argon2 ($argon2id$, $argon2i$, $argon2d$) hash");
    }
    Argon2Hash h = argon.get();
    if (h.memoryKib > 1024 * 1024
        || h.iterations > 64
        || h.parallelism > 16
        || h.memoryKib < 8 * h.parallelism) {
      return Optional.of(
          "has Argon2 parameters outside the supported range (m <= 1 GiB, t <= 64, p <= 16)");
    }
    if (h.salt.length < 8 || h.hash.length < 16 || h.hash.length > 128) {
      return Optional.of("has an Argon2 salt or digest of unsupported length");
    }
    return Optional.empty();
  }

  private record Argon2Hash(
      int type,
      int version,
      int memoryKib,
      int iterations,
      int parallelism,
      byte[] salt,
      byte[] hash) {}

  private static Optional<Argon2Hash> parseArgon2(String stored) {
    if (stored == null) {
      return Optional.empty();
    }
    Matcher m = ARGON2.matcher(stored);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      int type =
          switch (m.group(1)) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            default -> Argon2Parameters.ARGON2_d;
          };
      int version = m.group(2) == null ? 0x10 : Integer.parseInt(m.group(2));
      if (version != 0x10 && version != 0x13) {
        return Optional.empty();
      }
      Base64.Decoder dec = Base64.getDecoder();
      return Optional.of(
          new Argon2Hash(
              type,
              version,
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              dec.decode(m.group(6)),
              dec.decode(m.group(7))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] argon2(
      int type,
      int version,
      int memoryKib,
      int iterations,
      int parallelism,
      byte[] salt,
      Secret password,
      int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(type)
            .withVersion(version)
            .withMemoryAsKB(memoryKib)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password.reveal().getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
