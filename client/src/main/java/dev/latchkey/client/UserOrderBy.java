package dev.latchkey.client;

/** How {@code fetchUsersByQuery} orders users. */
public enum UserOrderBy {
  CREATED_AT_ASC,
  CREATED_AT_DESC,
  LAST_ACTIVE_AT_ASC,
  LAST_ACTIVE_AT_DESC,
  EMAIL,
  USERNAME
}
