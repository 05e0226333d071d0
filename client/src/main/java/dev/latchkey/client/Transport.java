package dev.latchkey.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.client.internal.WireJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;

/**
 * HTTP and JSON for {@link LatchkeyClient}: one authenticated request, its answer read into a
 * record, and every error status turned into a {@link LatchkeyException}. Thread-safe.
 */
final class Transport {
  private static final String USER_AGENT = "latchkey-java-sdk";
  private static final int MAX_MESSAGE_BODY = 300;
  private static final Set<String> FIXED_HEADERS =
      Set.of("authorization", "accept", "user-agent", "content-type");

  private final String base;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;
  private final ObjectMapper json = WireJson.mapper();

  Transport(URI baseUrl, String apiKey, Duration timeout, HttpClient http) {
    this.base = baseUrl.toString();
    this.apiKey = apiKey;
    this.timeout = timeout;
    this.http = http;
  }

  String base() {
    return base;
  }

  /** Query parameters in the order added; null values are left out. */
  static final class Query {
    private final Map<String, String> params = new LinkedHashMap<>();

    Query add(String name, Object value) {
      if (value != null) {
        params.put(name, value instanceof Enum<?> e ? e.name() : String.valueOf(value));
      }
      return this;
    }

    String encoded() {
      if (params.isEmpty()) {
        return "";
      }
      StringJoiner joined = new StringJoiner("&", "?", "");
      params.forEach(
          (k, v) ->
              joined.add(
                  URLEncoder.encode(k, StandardCharsets.UTF_8)
                      + "="
                      + URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return joined.toString();
    }
  }

  /** A response with a status below 400, or a 404 when the caller asked to see it. */
  record Answer(int status, String body) {
    boolean notFound() {
      return status == 404;
    }
  }

  /** Sends the request; every status of 400 and above throws. */
  <T> T call(String method, String path, Query query, Object body, Class<T> type) {
    return call(method, path, query, body, Map.of(), type);
  }

  /**
   * As {@link #call(String, String, Query, Object, Class)}, with {@code headers} added to this
   * request only. They cannot replace the headers every request carries (the management key, the
   * content type).
   */
  <T> T call(
      String method,
      String path,
      Query query,
      Object body,
      Map<String, String> headers,
      Class<T> type) {
    Answer answer = send(method, path, query, body, headers, 0);
    return read(method, path, answer, json.constructType(type));
  }

  <T> T call(String method, String path, Query query, Object body, TypeReference<T> type) {
    Answer answer = send(method, path, query, body, Map.of(), 0);
    return read(method, path, answer, json.constructType(type));
  }

  /** Sends the request; a 404 comes back as an answer, every other error status throws. */
  Answer callAllowingNotFound(String method, String path, Query query, Object body) {
    return send(method, path, query, body, Map.of(), 404);
  }

  /**
   * Sends the request; {@code allowed} (an error status the caller reads as "not found") comes back
   * as an answer, every other error status throws.
   */
  Answer callAllowing(int allowed, String method, String path, Query query, Object body) {
    return send(method, path, query, body, Map.of(), allowed);
  }

  /**
   * As {@link #call(String, String, Query, Object, Class)} for an answer that holds secrets
   * (decrypted provider keys): when it cannot be read, the exception carries neither the body nor
   * the parser's message, either of which could quote one.
   */
  <T> T callForSecrets(String method, String path, Query query, Object body, Class<T> type) {
    Answer answer = send(method, path, query, body, Map.of(), 0);
    try {
      T value = json.readValue(answer.body(), type);
      if (value != null) {
        return value;
      }
    } catch (JsonProcessingException e) {
      // below: neither the body nor e's message may be repeated
    }
    throw new LatchkeyException(
        describe(method, path)
            + " answered "
            + answer.status()
            + " with a body this SDK cannot read (not repeated here: it holds secrets)",
        answer.status(),
        null);
  }

  <T> T read(String method, String path, Answer answer, Class<T> type) {
    return read(method, path, answer, json.constructType(type));
  }

  private <T> T read(String method, String path, Answer answer, JavaType type) {
    try {
      T value = json.readValue(answer.body(), type);
      if (value == null) {
        throw new LatchkeyException(
            describe(method, path) + " answered " + answer.status() + " with an empty JSON value",
            answer.status(),
            null,
            null,
            null,
            null,
            answer.body(),
            null);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new LatchkeyException(
          scrub(
              describe(method, path)
                  + " answered "
                  + answer.status()
                  + " with a body this SDK cannot read: "
                  + e.getOriginalMessage()),
          answer.status(),
          null,
          null,
          null,
          null,
          answer.body(),
          e);
    }
  }

  /**
   * Sends the request with {@code headers} besides the usual ones; {@code allowed} is an error
   * status to return rather than throw, or 0.
   */
  private Answer send(
      String method,
      String path,
      Query query,
      Object body,
      Map<String, String> headers,
      int allowed) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path + (query == null ? "" : query.encoded())))
            .timeout(timeout);
    headers.forEach(
        (name, value) -> {
          if (FIXED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(
                "header " + name + " is set by the SDK and cannot be given per request");
          }
          request.header(name, value);
        });
    request
        .header("Authorization", "Bearer " + apiKey)
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw transportFailure(method, path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw transportFailure(method, path, e);
    }
    int status = response.statusCode();
    String text = response.body() == null ? "" : response.body();
    if (status < 400 || status == allowed) {
      return new Answer(status, text);
    }
    throw error(method, path, status, text, status == 429 ? retryAfter(response) : null);
  }

  /** A whole response, whatever its status: for callers that read error statuses themselves. */
  record Exchange(int status, String body, java.net.http.HttpHeaders headers) {}

  /**
   * Sends a request and returns any status. {@code signer} null: with the management key; else
   * signed by the keypair instead ({@link RequestSigner}), with no management key. Only a request
   * that gets no answer throws.
   */
  Exchange exchange(String method, String path, Object body, RequestSigner signer) {
    URI uri = URI.create(base + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("User-Agent", USER_AGENT);
    byte[] bytes = body == null ? null : write(body);
    if (signer == null) {
      request.header("Authorization", "Bearer " + apiKey);
      if (bytes != null) {
        request.header("Content-Type", "application/json");
      }
    } else {
      signer.sign(request, method, uri, "application/json");
    }
    request.method(
        method,
        bytes == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(bytes));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Exchange(
          response.statusCode(),
          response.body() == null ? "" : response.body(),
          response.headers());
    } catch (IOException e) {
      throw transportFailure(method, path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw transportFailure(method, path, e);
    }
  }

  /** Throws the {@link LatchkeyException} of an error status, as every other call would. */
  LatchkeyException errorOf(String method, String path, Exchange exchange) {
    Long retry = null;
    OptionalLong seconds = exchange.headers().firstValueAsLong("Retry-After");
    if (seconds.isPresent()) {
      retry = seconds.getAsLong();
    }
    return error(method, path, exchange.status(), exchange.body(), retry);
  }

  /** A 429's {@code Retry-After} in seconds, for bodies that do not carry {@code wait_seconds}. */
  private static Long retryAfter(HttpResponse<String> response) {
    try {
      OptionalLong seconds = response.headers().firstValueAsLong("Retry-After");
      return seconds.isPresent() && seconds.getAsLong() >= 0 ? seconds.getAsLong() : null;
    } catch (NumberFormatException e) {
      return null; // an HTTP date: not a number of seconds
    }
  }

  private byte[] write(Object body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "request body " + body.getClass().getSimpleName() + " cannot be written as JSON", e);
    }
  }

  private LatchkeyException transportFailure(String method, String path, Exception e) {
    String why = e instanceof InterruptedException ? "interrupted" : e.toString();
    return new LatchkeyException(
        scrub(describe(method, path) + " got no answer: " + why), 0, null, null, null, null, "", e);
  }

  /**
   * The error of a response, from any of the server's three bodies: Latchkey's own ({@code
   * {"field": [...]}} or {@code {"error_code", "user_facing_error"}}), and on the vault's routes
   * OpenRouter's ({@code {"error": {"code", "message", "metadata": {"error_code",
   * "field_errors"}}}}) or NestJS's ({@code {"statusCode", "message", "error", "error_code",
   * "field_errors"}}).
   */
  private LatchkeyException error(
      String method, String path, int status, String body, Long retryAfter) {
    JsonNode root = parse(body);
    Map<String, List<String>> fieldErrors = new LinkedHashMap<>();
    String code = null;
    String userFacing = null;
    Long waitSeconds = null;
    if (root != null && root.isObject()) {
      JsonNode envelope = root.get("error");
      if (envelope != null && envelope.isObject()) {
        JsonNode metadata = envelope.path("metadata");
        code = text(metadata.get("error_code"));
        userFacing = sentence(envelope.get("message"));
        fieldErrors(metadata.get("field_errors"), fieldErrors);
      } else if (root.has("statusCode") && root.get("statusCode").isNumber()) {
        code = text(root.get("error_code"));
        userFacing = sentence(root.get("message"));
        fieldErrors(root.get("field_errors"), fieldErrors);
      } else if (root.has("error_code") || root.has("user_facing_error")) {
        code = text(root.get("error_code"));
        userFacing = text(root.get("user_facing_error"));
        JsonNode wait = root.get("wait_seconds");
        if (wait != null && wait.canConvertToLong()) {
          waitSeconds = wait.asLong();
        }
      } else {
        root.properties().forEach(e -> fieldErrors.put(e.getKey(), messages(e.getValue())));
      }
    }
    if (waitSeconds == null) {
      waitSeconds = retryAfter;
    }
    StringBuilder message = new StringBuilder(describe(method, path)).append(" failed: HTTP ");
    message.append(status);
    if (code != null) {
      message.append(' ').append(code);
    }
    if (userFacing != null) {
      message.append(": ").append(userFacing);
    } else if (!fieldErrors.isEmpty()) {
      StringJoiner fields = new StringJoiner("; ", ": ", "");
      fieldErrors.forEach((f, m) -> fields.add(f + " " + String.join(", ", m)));
      message.append(fields);
    }
    if (root == null && !body.isBlank()) {
      message
          .append(": ")
          .append(
              body.length() > MAX_MESSAGE_BODY ? body.substring(0, MAX_MESSAGE_BODY) + "…" : body);
    }
    return new LatchkeyException(
        scrub(message.toString()), status, fieldErrors, code, userFacing, waitSeconds, body, null);
  }

  /** An envelope's {@code field_errors} object, each field with its messages, into {@code out}. */
  private static void fieldErrors(JsonNode node, Map<String, List<String>> out) {
    if (node != null && node.isObject()) {
      node.properties().forEach(e -> out.put(e.getKey(), messages(e.getValue())));
    }
  }

  /** A message that is a string, or (as NestJS validation sends it) an array of strings. */
  private static String sentence(JsonNode node) {
    if (node != null && node.isArray()) {
      StringJoiner joined = new StringJoiner("; ");
      node.forEach(m -> joined.add(m.asText()));
      return joined.toString();
    }
    return text(node);
  }

  private JsonNode parse(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static List<String> messages(JsonNode value) {
    List<String> out = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(m -> out.add(m.asText()));
    } else {
      out.add(value.isTextual() ? value.asText() : value.toString());
    }
    return List.copyOf(out);
  }

  private static String describe(String method, String path) {
    return method + " " + path;
  }

  /** Belt and braces: whatever a server or a JDK message echoes, the API key never leaves here. */
  private String scrub(String message) {
    return message.replace(apiKey, "[redacted]");
  }
}
