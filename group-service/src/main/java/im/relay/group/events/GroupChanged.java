package im.relay.group.events;

import java.util.UUID;

/**
 * Told inside this instance when a change to the group commits, so that its cached membership goes at once; the
 * other instances hear of it through {@code relay.groups} (GroupEventListener).
 */
public record GroupChanged(UUID groupId) {}
