package dev.latchkey.server.vault;

import dev.latchkey.server.common.InvalidInputException;
import dev.latchkey.server.common.UpstreamException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The optional live check of a key on write: one call to the provider's cheapest authenticated
 * endpoint (listing models), with a short timeout. A key the provider refuses is a 400 naming the
 * field; a provider that cannot be reached is a 502 ({@code provider_unreachable}). Providers
 * without a known check are accepted on their format alone. Base URLs are configurable, so tests
 * use a local fake provider and air-gapped installs turn the check off.
 */
final class LiveCheck {
  static final Map<String, String> DEFAULT_BASE_URLS =
      Map.ofEntries(
          Map.entry("openai", "https://api.openai.com/v1"),
          Map.entry("anthropic", "https://api.anthropic.com/v1"),
          Map.entry("mistral", "https://api.mistral.ai/v1"),
          Map.entry("gemini", "https://generativelanguage.googleapis.com/v1beta"),
          Map.entry("google-ai-studio", "https://generativelanguage.googleapis.com/v1beta"),
          Map.entry("groq", "https://api.groq.com/openai/v1"),
          Map.entry("togetherai", "https://api.together.xyz/v1"),
          Map.entry("together", "https://api.together.xyz/v1"),
          Map.entry("deepseek", "https://api.deepseek.com"),
          Map.entry("xai", "https://api.x.ai/v1"),
          Map.entry("fireworks", "https://api.fireworks.ai/inference/v1"));

  private final boolean enabled;
  private final Map<String, String> baseUrls;
  private final Duration timeout;
  private final HttpClient client;

  LiveCheck(boolean enabled, Map<String, String> baseUrls, Duration timeout) {
    this.enabled = enabled;
    this.baseUrls = baseUrls;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Checks {@code key} with its provider when enabled; throws as described above. */
  void check(String provider, String key, String field) {
    if (!enabled) {
      return;
    }
    String p = provider.toLowerCase(Locale.ROOT);
    String base = baseUrls.getOrDefault(p, DEFAULT_BASE_URLS.get(p));
    if (base == null) {
      return;
    }
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(timeout).GET();
    switch (p) {
      case "anthropic" ->
          request
              .uri(URI.create(base + "/models"))
              .header("x-api-key", key)
              .header("anthropic-version", "2023-06-01");
      case "gemini", "google-ai-studio" ->
          request.uri(
              URI.create(base + "/models?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)));
      default -> request.uri(URI.create(base + "/models")).header("Authorization", "Bearer " + key);
    }
    int status;
    try {
      status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw unreachable(
          "the provider '"
              + provider
              + "' could not be reached to check the key ("
              + e.getClass().getSimpleName()
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("the check of the key with '" + provider + "' was interrupted");
    } catch (IllegalArgumentException e) {
      throw unreachable("the base URL configured for '" + provider + "' is not usable");
    }
    if (status == 401 || status == 403) {
      throw InvalidInputException.of(
          field, "was refused by the provider '" + provider + "' (HTTP " + status + ")");
    }
    if (status >= 500 || status == 429 || status == 408) {
      throw unreachable(
          "the provider '" + provider + "' could not check the key now (HTTP " + status + ")");
    }
  }

  private static UpstreamException unreachable(String message) {
    return new UpstreamException("provider_unreachable", message);
  }
}
