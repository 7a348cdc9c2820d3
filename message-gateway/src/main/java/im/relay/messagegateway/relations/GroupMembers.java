package im.relay.messagegateway.relations;

import java.util.Set;

/** A group's member ids at a membership version. */
public record GroupMembers(Set<String> userIds, long version) {}
