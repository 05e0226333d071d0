package dev.latchkey.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Checks and normalizes the server address given to a builder, so that {@link LatchkeyClient} and
 * {@link LatchkeyAuth} accept the same forms and name the setting in their messages.
 */
final class BaseUrls {
  private BaseUrls() {}

  /** As {@link #normalize(String, URI)}, parsing {@code value} first. */
  static URI normalize(String setting, String value) {
    Objects.requireNonNull(value, setting);
    try {
      return normalize(setting, new URI(value.strip()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          setting
              + " must be an absolute http or https URL such as https://auth.example.com, got '"
              + value
              + "'",
          e);
    }
  }

  /**
   * {@code scheme://authority/path} with a lower-case scheme and no trailing slashes.
   *
   * @throws IllegalArgumentException if it is not an absolute http(s) URL with a host, or has user
   *     info, a query or a fragment
   */
  static URI normalize(String setting, URI value) {
    Objects.requireNonNull(value, setting);
    if (value.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          setting + " must not contain user info; the credential goes in apiKey");
    }
    String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          setting
              + " must be an absolute http or https URL such as https://auth.example.com, got '"
              + value
              + "'");
    }
    if (value.getHost() == null || value.getHost().isEmpty()) {
      throw new IllegalArgumentException(setting + " must name a host, got '" + value + "'");
    }
    if (value.getRawQuery() != null || value.getRawFragment() != null) {
      throw new IllegalArgumentException(
          setting + " must not have a query or fragment, got '" + value + "'");
    }
    String path = value.getRawPath() == null ? "" : value.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + value.getRawAuthority() + path);
  }

  /**
   * The URL's origin as a browser (and PropelAuth's clients, with {@code new URL(u).origin})
   * computes it: lower-case scheme and host, the port only when it is not the scheme's default, no
   * path and no trailing slash.
   */
  static String origin(URI normalized) {
    String scheme = normalized.getScheme();
    int port = normalized.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return scheme
        + "://"
        + normalized.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }
}
