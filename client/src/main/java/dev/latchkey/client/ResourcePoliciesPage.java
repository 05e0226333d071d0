package dev.latchkey.client;

import java.util.List;

/**
 * A page of resource policies, by name, with the total count. Immutable.
 *
 * @param items the policies on this page
 * @param totalCount how many policies exist
 */
public record ResourcePoliciesPage(List<ResourcePolicy> items, long totalCount) {
  /** Copies the list; null becomes empty. */
  public ResourcePoliciesPage {
    items = Copies.list(items);
  }
}
