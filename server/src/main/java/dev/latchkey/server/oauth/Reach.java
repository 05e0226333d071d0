package dev.latchkey.server.oauth;

import dev.latchkey.server.common.Principal;
import java.util.Set;

/**
 * Which apps a caller reaches: a management key all of them; a user's access token the user's own
 * and those of each org where the user's role grants {@value Apps#PERMISSION}; an org API key its
 * org's; a personal API key its user's. An app out of reach is answered like one that does not
 * exist.
 */
record Reach(Principal principal, boolean all, String userId, Set<String> orgIds) {
  static final String USER = "user";
  static final String ORG = "org";
  static final String PROJECT = "project";

  boolean reaches(AppRow app) {
    return all
        || (app.orgId() != null && orgIds.contains(app.orgId()))
        || (app.orgId() == null && app.userId() != null && app.userId().equals(userId));
  }
}
