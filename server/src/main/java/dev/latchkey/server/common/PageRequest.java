package dev.latchkey.server.common;

/** A bounded page: {@code page_size} 1..100 (default 10) and a zero-based {@code page_number}. */
public record PageRequest(int pageSize, int pageNumber) {
  public static final int DEFAULT_SIZE = 10;
  public static final int MAX_SIZE = 100;
  public static final int MAX_NUMBER = 1_000_000;

  public PageRequest {
    if (pageSize < 1 || pageSize > MAX_SIZE) {
      throw InvalidInputException.of(
          "page_size", "must be between 1 and " + MAX_SIZE + ", got " + pageSize);
    }
    if (pageNumber < 0 || pageNumber > MAX_NUMBER) {
      throw InvalidInputException.of(
          "page_number", "must be between 0 and " + MAX_NUMBER + ", got " + pageNumber);
    }
  }

  /** Validates the optional values of a query or body, recording errors instead of throwing. */
  public static PageRequest of(Long pageSize, Long pageNumber, FieldErrors errors) {
    long size = pageSize == null ? DEFAULT_SIZE : pageSize;
    long number = pageNumber == null ? 0 : pageNumber;
    errors.range("page_size", size, 1, MAX_SIZE);
    errors.range("page_number", number, 0, MAX_NUMBER);
    if (errors.has("page_size") || errors.has("page_number")) {
      return new PageRequest(DEFAULT_SIZE, 0);
    }
    return new PageRequest((int) size, (int) number);
  }

  public long offset() {
    return (long) pageSize * pageNumber;
  }

  public boolean hasMore(long total) {
    return offset() + pageSize < total;
  }
}
