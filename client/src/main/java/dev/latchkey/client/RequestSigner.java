package dev.latchkey.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs outgoing requests with an access/secret keypair, as Backend.AI's client does: {@code
 * Authorization: BackendAI signMethod=HMAC-SHA256, credential=<access key>:<signature>} over the
 * method, the path with query, the {@code Date} value, {@code host:<host[:port]>}, {@code
 * content-type:<media type>}, {@code x-backendai-version:<version>} and the SHA-256 of an empty
 * body (API versions from v4.20181215 on do not sign the body), with the key derived as {@code
 * HMAC(HMAC(secret, yyyymmdd), host)}.
 *
 * <pre>{@code
 * RequestSigner signer = RequestSigner.builder(accessKey, secretKey).build();
 * URI uri = URI.create("https://api.example.com/func/session?x=1");
 * HttpRequest request = signer.sign(HttpRequest.newBuilder(uri), "GET", uri, "application/json")
 *     .GET().build();
 * }</pre>
 *
 * <p>Each signature carries the current time to the microsecond; a server refuses a signature it
 * has seen before, so sign every request anew. The server accepts a date within 15 minutes of its
 * own clock. Immutable and thread-safe; {@link #toString()} shows no secret.
 */
public final class RequestSigner {
  /** The API version sent unless the builder says otherwise. */
  public static final String DEFAULT_VERSION = "v4.20190615";

  private static final Pattern ACCESS_KEY = Pattern.compile("^[A-Za-z0-9]{1,64}$");
  private static final Pattern VERSION = Pattern.compile("^v\\d{1,3}\\.\\d{8}$");
  private static final DateTimeFormatter ISO_MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private final String accessKey;
  private final byte[] secretKey;
  private final String version;
  private final Clock clock;

  private RequestSigner(Builder b) {
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey.getBytes(StandardCharsets.UTF_8);
    this.version = b.version;
    this.clock = b.clock;
  }

  /**
   * A builder for the keypair.
   *
   * @throws IllegalArgumentException if the access key is not alphanumeric or the secret is empty
   */
  public static Builder builder(String accessKey, String secretKey) {
    return new Builder(accessKey, secretKey);
  }

  /** The access key this signer signs with. */
  public String accessKey() {
    return accessKey;
  }

  /**
   * The headers that sign a request: {@code Date}, {@code Content-Type}, {@code
   * X-BackendAI-Version} and {@code Authorization}, in that order. The request must also carry
   * {@code uri}'s authority as its {@code Host} (java.net.http does so by itself).
   *
   * @param method the HTTP method
   * @param uri the full request URI: its authority is the signed host, its raw path and query the
   *     signed path
   * @param contentType the request's Content-Type; null for {@code application/json}
   */
  public Map<String, String> headers(String method, URI uri, String contentType) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    String type = contentType == null ? "application/json" : contentType;
    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
    String date = now.format(ISO_MICROS);
    String host = host(uri);
    String path =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String toSign =
        method.toUpperCase(Locale.ROOT)
            + "\n"
            + path
            + "\n"
            + date
            + "\nhost:"
            + host
            + "\ncontent-type:"
            + mediaType(type)
            + "\nx-backendai-version:"
            + version
            + "\n"
            + EMPTY_SHA256;
    byte[] key = hmac(hmac(secretKey, now.format(DAY)), host);
    String signature = HexFormat.of().formatHex(hmac(key, toSign));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Date", date);
    headers.put("Content-Type", type);
    headers.put("X-BackendAI-Version", version);
    headers.put(
        "Authorization",
        "BackendAI signMethod=HMAC-SHA256, credential=" + accessKey + ":" + signature);
    return headers;
  }

  /** Sets the {@link #headers} on {@code builder} and returns it. */
  public HttpRequest.Builder sign(
      HttpRequest.Builder builder, String method, URI uri, String contentType) {
    headers(method, uri, contentType).forEach(builder::setHeader);
    return builder;
  }

  /**
   * {@code host[:port]}, as java.net.http sends it in {@code Host}: without the port when it is the
   * scheme's default ({@code https://h:443/} sends {@code Host: h}).
   */
  static String host(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("the URI has no host: " + uri);
    }
    int port = uri.getPort();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean defaultPort =
        port == -1
            || (port == 443 && scheme.equals("https"))
            || (port == 80 && scheme.equals("http"));
    return defaultPort ? host : host + ":" + port;
  }

  /** The media type without parameters, lower case: what the server signs. */
  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "RequestSigner[accessKey=" + accessKey + ", version=" + version + "]";
  }

  /** Makes a {@link RequestSigner}; not thread-safe. */
  public static final class Builder {
    private final String accessKey;
    private final String secretKey;
    private String version = DEFAULT_VERSION;
    private Clock clock = Clock.systemUTC();

    private Builder(String accessKey, String secretKey) {
      if (accessKey == null || !ACCESS_KEY.matcher(accessKey).matches()) {
        throw new IllegalArgumentException("accessKey must be 1 to 64 letters and digits");
      }
      if (secretKey == null || secretKey.isEmpty()) {
        throw new IllegalArgumentException("secretKey must not be empty");
      }
      this.accessKey = accessKey;
      this.secretKey = secretKey;
    }

    /**
     * The {@code X-BackendAI-Version} to send, such as {@code v4.20190615}; from v4.20181215 on.
     *
     * @throws IllegalArgumentException for another format or an older version (which would sign the
     *     body)
     */
    public Builder version(String version) {
      if (version == null
          || !VERSION.matcher(version).matches()
          || version.substring(version.indexOf('.') + 1).compareTo("20181215") < 0) {
        throw new IllegalArgumentException(
            "version must be v<major>.<yyyymmdd>, from v4.20181215 on; got " + version);
      }
      this.version = version;
      return this;
    }

    /** The clock that dates signatures; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public RequestSigner build() {
      return new RequestSigner(this);
    }
  }
}
