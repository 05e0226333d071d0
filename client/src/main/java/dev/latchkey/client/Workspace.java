package dev.latchkey.client;

import java.time.OffsetDateTime;

/**
 * A vault workspace: where provider keys and AI systems live. The project, every org and every user
 * have a default one, made on first use. Immutable and thread-safe.
 *
 * @param id its id, a UUID
 * @param name its name
 * @param ownerType who owns it
 * @param ownerId the owning org's or user's id, or {@code project}
 * @param isDefault whether it is its owner's default workspace (which cannot be deleted)
 * @param createdAt when it was made
 */
public record Workspace(
    String id,
    String name,
    WorkspaceOwnerType ownerType,
    String ownerId,
    boolean isDefault,
    OffsetDateTime createdAt) {}
