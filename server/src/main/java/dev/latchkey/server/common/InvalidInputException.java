package dev.latchkey.server.common;

import java.util.List;
import java.util.Map;

/** 400: one or more fields of the request are wrong. Each entry names the field and the rule. */
public final class InvalidInputException extends ApiException {
  private final Map<String, List<String>> fieldErrors;

  public InvalidInputException(Map<String, List<String>> fieldErrors) {
    super("invalid_request", describe(fieldErrors));
    this.fieldErrors = Map.copyOf(fieldErrors);
  }

  public static InvalidInputException of(String field, String message) {
    return new InvalidInputException(Map.of(field, List.of(message)));
  }

  public Map<String, List<String>> fieldErrors() {
    return fieldErrors;
  }

  @Override
  public int status() {
    return 400;
  }

  private static String describe(Map<String, List<String>> errors) {
    StringBuilder sb = new StringBuilder();
    errors.forEach(
        (field, messages) -> sb.append(field).append(": ").append(messages).append("; "));
    return sb.toString();
  }
}
