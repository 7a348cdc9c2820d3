package im.relay.group.membership;

/** Roles in a group, strongest first. */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    public boolean manages() {
        return this == OWNER || this == ADMIN;
    }
}
