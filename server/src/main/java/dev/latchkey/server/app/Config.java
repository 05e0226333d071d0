package dev.latchkey.server.app;

import dev.latchkey.server.common.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the server, read once from command-line flags and environment variables (flags
 * win). The README's configuration table documents each one; keep them in step.
 */
public record Config(
    String host,
    int port,
    Path dataDir,
    String databaseUrl,
    String databaseUser,
    Secret databasePassword,
    int databasePoolSize,
    URI publicUrl,
    Secret bootstrapApiKey,
    Secret secretKey,
    Path masterKeyFile,
    Secret masterKey,
    String smtpUrl,
    String mailFrom,
    Path rolesFile,
    Duration inviteTtl,
    Duration emailConfirmationTtl,
    Duration accessTokenMaxLifetime,
    Duration sessionAccessTokenLifetime,
    Duration sessionLifetime,
    int loginMaxFailures,
    Duration lockoutDuration,
    List<String> allowedRedirectOrigins,
    String defaultRedirectUrl,
    String apiKeyPrefix,
    int apiKeyCacheSize,
    Duration usageFlushInterval,
    long maxBodyBytes,
    boolean providerLiveCheck,
    Duration providerCheckTimeout,
    Map<String, String> providerBaseUrls,
    Duration oauthTokenLifetime,
    int oauthClientCacheSize) {

  public static final int DEFAULT_PORT = 8080;

  /** A setting that cannot be used; the message names it and says what is expected. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }

  public boolean isSqlite() {
    return databaseUrl.startsWith("jdbc:sqlite:");
  }

  /** Reads flags ({@code --port 8080}, {@code --data-dir=./data}) over environment variables. */
  public static Config from(List<String> args, Map<String, String> env) {
    Map<String, String> flags = parseFlags(args);
    int port =
        parseInt(
            "--port / LATCHKEY_PORT",
            first(flags.get("port"), env.get("LATCHKEY_PORT")),
            DEFAULT_PORT,
            0,
            65535);
    Path dataDir =
        Path.of(first(flags.get("data-dir"), env.get("LATCHKEY_DATA_DIR"), "./data"))
            .toAbsolutePath()
            .normalize();
    String dbUrl =
        first(
            flags.get("database-url"),
            env.get("LATCHKEY_DATABASE_URL"),
            "jdbc:sqlite:" + dataDir.resolve("latchkey.db"));
    if (!dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
      throw new ConfigException(
          "LATCHKEY_DATABASE_URL must start with jdbc:sqlite: or jdbc:postgresql:, got "
              + redactUrl(dbUrl));
    }
    String host = first(flags.get("host"), env.get("LATCHKEY_HOST"), "0.0.0.0");
    String publicUrlText =
        first(
            flags.get("public-url"),
            env.get("LATCHKEY_PUBLIC_URL"),
            "http://localhost:" + (port == 0 ? DEFAULT_PORT : port));
    URI publicUrl = parsePublicUrl(publicUrlText);
    String bootstrap = env.get("LATCHKEY_BOOTSTRAP_API_KEY");
    if (bootstrap != null && !bootstrap.isBlank() && bootstrap.strip().length() < 24) {
      throw new ConfigException(
          "LATCHKEY_BOOTSTRAP_API_KEY must be at least 24 characters of random text (e.g. 'openssl rand -hex 20')");
    }
    String smtp = blankToNull(env.get("LATCHKEY_SMTP_URL"));
    if (smtp != null && !smtp.startsWith("smtp://") && !smtp.startsWith("smtps://")) {
      throw new ConfigException(
          "LATCHKEY_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465");
    }
    String roles = blankToNull(env.get("LATCHKEY_ROLES_FILE"));
    return new Config(
        host,
        port,
        dataDir,
        dbUrl,
        blankToNull(env.get("LATCHKEY_DATABASE_USER")),
        secretOrNull(env.get("LATCHKEY_DATABASE_PASSWORD")),
        parseInt("LATCHKEY_DATABASE_POOL_SIZE", env.get("LATCHKEY_DATABASE_POOL_SIZE"), 10, 1, 200),
        publicUrl,
        secretOrNull(bootstrap == null ? null : bootstrap.strip()),
        secretOrNull(env.get("LATCHKEY_SECRET_KEY")),
        blankToNull(env.get("LATCHKEY_MASTER_KEY_FILE")) == null
            ? null
            : Path.of(env.get("LATCHKEY_MASTER_KEY_FILE").strip()),
        secretOrNull(env.get("LATCHKEY_MASTER_KEY")),
        smtp,
        first(env.get("LATCHKEY_MAIL_FROM"), "Latchkey <no-reply@localhost>"),
        roles == null ? null : Path.of(roles),
        Duration.ofHours(
            parseInt(
                "LATCHKEY_INVITE_TTL_HOURS",
                env.get("LATCHKEY_INVITE_TTL_HOURS"),
                168,
                1,
                24 * 90)),
        Duration.ofHours(
            parseInt(
                "LATCHKEY_EMAIL_CONFIRMATION_TTL_HOURS",
                env.get("LATCHKEY_EMAIL_CONFIRMATION_TTL_HOURS"),
                48,
                1,
                24 * 30)),
        Duration.ofMinutes(
            parseInt(
                "LATCHKEY_ACCESS_TOKEN_MAX_MINUTES",
                env.get("LATCHKEY_ACCESS_TOKEN_MAX_MINUTES"),
                10080,
                1,
                525600)),
        Duration.ofMinutes(
            parseInt(
                "LATCHKEY_SESSION_ACCESS_TOKEN_MINUTES",
                env.get("LATCHKEY_SESSION_ACCESS_TOKEN_MINUTES"),
                30,
                1,
                24 * 60)),
        Duration.ofDays(
            parseInt("LATCHKEY_SESSION_DAYS", env.get("LATCHKEY_SESSION_DAYS"), 30, 1, 365)),
        parseInt(
            "LATCHKEY_LOGIN_MAX_FAILURES", env.get("LATCHKEY_LOGIN_MAX_FAILURES"), 10, 1, 1000),
        Duration.ofMinutes(
            parseInt(
                "LATCHKEY_LOCKOUT_MINUTES",
                env.get("LATCHKEY_LOCKOUT_MINUTES"),
                15,
                1,
                24 * 60 * 30)),
        origins(env.get("LATCHKEY_ALLOWED_REDIRECT_ORIGINS"), publicUrl),
        blankToNull(env.get("LATCHKEY_DEFAULT_REDIRECT_URL")),
        apiKeyPrefix(env.get("LATCHKEY_API_KEY_PREFIX")),
        parseInt(
            "LATCHKEY_API_KEY_CACHE_SIZE",
            env.get("LATCHKEY_API_KEY_CACHE_SIZE"),
            100_000,
            100,
            10_000_000),
        Duration.ofMillis(
            parseInt(
                "LATCHKEY_USAGE_FLUSH_MILLIS",
                env.get("LATCHKEY_USAGE_FLUSH_MILLIS"),
                5000,
                50,
                600_000)),
        parseInt(
            "LATCHKEY_MAX_BODY_BYTES",
            env.get("LATCHKEY_MAX_BODY_BYTES"),
            256 * 1024,
            1024,
            16 * 1024 * 1024),
        parseBool("LATCHKEY_PROVIDER_LIVE_CHECK", env.get("LATCHKEY_PROVIDER_LIVE_CHECK")),
        Duration.ofMillis(
            parseInt(
                "LATCHKEY_PROVIDER_CHECK_TIMEOUT_MILLIS",
                env.get("LATCHKEY_PROVIDER_CHECK_TIMEOUT_MILLIS"),
                5000,
                100,
                60_000)),
        providerBaseUrls(env),
        oauthTokenLifetime(env),
        parseInt(
            "LATCHKEY_OAUTH_CLIENT_CACHE_SIZE",
            env.get("LATCHKEY_OAUTH_CLIENT_CACHE_SIZE"),
            100_000,
            100,
            10_000_000));
  }

  /**
   * {@code LATCHKEY_OAUTH_TOKEN_MINUTES}: lifetime of client-credentials access tokens, at most the
   * access-token maximum (a rotated signing key verifies no longer than that).
   */
  private static Duration oauthTokenLifetime(Map<String, String> env) {
    int max =
        parseInt(
            "LATCHKEY_ACCESS_TOKEN_MAX_MINUTES",
            env.get("LATCHKEY_ACCESS_TOKEN_MAX_MINUTES"),
            10080,
            1,
            525600);
    return Duration.ofMinutes(
        parseInt(
            "LATCHKEY_OAUTH_TOKEN_MINUTES",
            env.get("LATCHKEY_OAUTH_TOKEN_MINUTES"),
            Math.min(60, max),
            1,
            max));
  }

  private static final String BASE_URL_PREFIX = "LATCHKEY_PROVIDER_BASE_URL_";

  /**
   * {@code LATCHKEY_PROVIDER_BASE_URL_<SLUG>} (slug upper-cased, '-' and '/' as '_'): where the
   * live check of that provider's keys goes, e.g. {@code
   * LATCHKEY_PROVIDER_BASE_URL_OPENAI=http://fake/v1}.
   */
  private static Map<String, String> providerBaseUrls(Map<String, String> env) {
    Map<String, String> urls = new java.util.TreeMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!e.getKey().startsWith(BASE_URL_PREFIX) || blankToNull(e.getValue()) == null) {
        continue;
      }
      String value = e.getValue().strip();
      if (!value.startsWith("http://") && !value.startsWith("https://")) {
        throw new ConfigException(
            e.getKey() + " must be an http(s) URL such as https://api.openai.com/v1");
      }
      String slug =
          e.getKey()
              .substring(BASE_URL_PREFIX.length())
              .toLowerCase(java.util.Locale.ROOT)
              .replace('_', '-');
      urls.put(slug, value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    }
    return Map.copyOf(urls);
  }

  private static boolean parseBool(String name, String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw new ConfigException(name + " must be true or false, got '" + value.strip() + "'");
    };
  }

  /** The issuer for tokens: the public URL's origin, without a trailing slash or default port. */
  public String issuer() {
    URI u = publicUrl;
    boolean defaultPort =
        u.getPort() == -1
            || (u.getScheme().equals("http") && u.getPort() == 80)
            || (u.getScheme().equals("https") && u.getPort() == 443);
    return u.getScheme() + "://" + u.getHost() + (defaultPort ? "" : ":" + u.getPort());
  }

  /** The public URL with the path kept and no trailing slash, for links in mail. */
  public String publicBase() {
    String s = publicUrl.toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static URI parsePublicUrl(String text) {
    try {
      URI u = URI.create(text.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "LATCHKEY_PUBLIC_URL must be an http(s) URL such as https://auth.example.com, got "
              + text);
    }
  }

  private static String apiKeyPrefix(String value) {
    if (value == null || value.isBlank()) {
      return "lk";
    }
    String v = value.strip();
    if (!v.matches("[a-z][a-z0-9]{0,15}")) {
      throw new ConfigException(
          "LATCHKEY_API_KEY_PREFIX must be 1 to 16 lower-case letters and digits, starting with a letter, got '"
              + v
              + "'");
    }
    return v;
  }

  /** The public URL's origin plus every listed origin, normalized (scheme://host[:port]). */
  private static List<String> origins(String listed, URI publicUrl) {
    List<String> out = new ArrayList<>();
    out.add(origin(publicUrl));
    if (listed != null) {
      for (String part : listed.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        URI u;
        try {
          u = URI.create(part.strip());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(
              "LATCHKEY_ALLOWED_REDIRECT_ORIGINS must list origins like https://app.example.com, got "
                  + part);
        }
        if (u.getHost() == null
            || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
          throw new ConfigException(
              "LATCHKEY_ALLOWED_REDIRECT_ORIGINS must list origins like https://app.example.com, got "
                  + part);
        }
        out.add(origin(u));
      }
    }
    return List.copyOf(out);
  }

  private static String origin(URI u) {
    return (u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort()))
        .toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> flags = new java.util.HashMap<>();
    List<String> rest = new ArrayList<>(args);
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (!a.startsWith("--")) {
        throw new ConfigException(
            "unexpected argument '"
                + a
                + "' (flags: --port, --data-dir, --host, --public-url, --database-url)");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < rest.size()) {
        value = rest.get(++i);
      } else {
        throw new ConfigException("flag --" + name + " needs a value");
      }
      if (!List.of("port", "data-dir", "host", "public-url", "database-url").contains(name)) {
        throw new ConfigException(
            "unknown flag --"
                + name
                + " (flags: --port, --data-dir, --host, --public-url, --database-url)");
      }
      flags.put(name, value);
    }
    return flags;
  }

  private static int parseInt(String name, String value, int dflt, int min, int max) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(value.strip());
      if (v < min || v > max) {
        throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number, got '" + value + "'");
    }
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  private static Secret secretOrNull(String v) {
    return v == null || v.isBlank() ? null : Secret.of(v);
  }

  /** A database URL for messages: any password parameter is cut off. */
  static String redactUrl(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }
}
