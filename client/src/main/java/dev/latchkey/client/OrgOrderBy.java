package dev.latchkey.client;

/** How {@code fetchOrgByQuery} orders organizations. */
public enum OrgOrderBy {
  CREATED_AT_ASC,
  CREATED_AT_DESC,
  NAME
}
