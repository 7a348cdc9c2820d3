package im.relay.group.group;

import im.relay.group.membership.Member;
import im.relay.group.membership.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Groups and their members. Every change to the membership bumps the group's membership_version. */
@Repository
public class GroupRepository {

    private static final String GROUP_COLUMNS = "id, name, description, avatar_url, owner_id, member_count, muted_all,"
            + " membership_version, created_at, updated_at";
    private static final String MEMBER_COLUMNS = "group_id, user_id, role, joined_at, muted_until";

    private final JdbcClient jdbc;

    GroupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Group group) {
        jdbc.sql("""
                        INSERT INTO chat_groups (id, name, description, avatar_url, owner_id, created_at, updated_at)
                        VALUES (:id, :name, :description, :avatarUrl, :ownerId, :createdAt, :createdAt)
                        """)
                .param("id", group.id())
                .param("name", group.name())
                .param("description", group.description())
                .param("avatarUrl", group.avatarUrl())
                .param("ownerId", group.ownerId())
                .param("createdAt", Timestamp.from(group.createdAt()))
                .update();
    }

    /** A live (not dismissed) group, locked for the rest of the transaction: changes to one group queue up. */
    public Optional<Group> lock(UUID groupId) {
        return jdbc.sql("SELECT " + GROUP_COLUMNS
                        + " FROM chat_groups WHERE id = :id AND dismissed_at IS NULL FOR UPDATE")
                .param("id", groupId)
                .query(GroupRepository::group)
                .optional();
    }

    public Optional<Group> find(UUID groupId) {
        return jdbc.sql("SELECT " + GROUP_COLUMNS + " FROM chat_groups WHERE id = :id AND dismissed_at IS NULL")
                .param("id", groupId)
                .query(GroupRepository::group)
                .optional();
    }

    /** My live groups with my role in each, most recently active first. */
    public List<Member> membershipsOf(UUID userId) {
        return jdbc.sql("SELECT m.group_id, m.user_id, m.role, m.joined_at, m.muted_until"
                        + " FROM group_members m JOIN chat_groups g ON g.id = m.group_id"
                        + " WHERE m.user_id = :user AND g.dismissed_at IS NULL ORDER BY g.updated_at DESC")
                .param("user", userId)
                .query(GroupRepository::member)
                .list();
    }

    public List<Group> findAll(Collection<UUID> groupIds) {
        return jdbc.sql("SELECT " + GROUP_COLUMNS + " FROM chat_groups WHERE id = ANY(:ids)")
                .param("ids", groupIds.toArray(UUID[]::new))
                .query(GroupRepository::group)
                .list();
    }

    public void update(UUID groupId, String name, String description, String avatarUrl, boolean mutedAll, Instant at) {
        jdbc.sql("""
                        UPDATE chat_groups SET name = :name, description = :description, avatar_url = :avatarUrl,
                               muted_all = :mutedAll, updated_at = :at
                        WHERE id = :id
                        """)
                .param("id", groupId)
                .param("name", name)
                .param("description", description)
                .param("avatarUrl", avatarUrl)
                .param("mutedAll", mutedAll)
                .param("at", Timestamp.from(at))
                .update();
    }

    public void setOwner(UUID groupId, UUID ownerId, Instant at) {
        jdbc.sql("UPDATE chat_groups SET owner_id = :owner, updated_at = :at WHERE id = :id")
                .param("id", groupId)
                .param("owner", ownerId)
                .param("at", Timestamp.from(at))
                .update();
    }

    public void dismiss(UUID groupId, Instant at) {
        jdbc.sql(
                        "UPDATE chat_groups SET dismissed_at = :at, updated_at = :at, membership_version = membership_version + 1"
                                + " WHERE id = :id")
                .param("id", groupId)
                .param("at", Timestamp.from(at))
                .update();
    }

    /** Recounts members and bumps the membership version; returns the new version. */
    public long membershipChanged(UUID groupId, Instant at) {
        return jdbc.sql("""
                        UPDATE chat_groups
                        SET member_count = (SELECT count(*) FROM group_members WHERE group_id = :id),
                            membership_version = membership_version + 1, updated_at = :at
                        WHERE id = :id
                        RETURNING membership_version
                        """)
                .param("id", groupId)
                .param("at", Timestamp.from(at))
                .query(Long.class)
                .single();
    }

    public void addMember(Member member) {
        jdbc.sql("INSERT INTO group_members (group_id, user_id, role, joined_at) VALUES (:group, :user, :role, :at)")
                .param("group", member.groupId())
                .param("user", member.userId())
                .param("role", member.role().name())
                .param("at", Timestamp.from(member.joinedAt()))
                .update();
    }

    public Optional<Member> member(UUID groupId, UUID userId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM group_members WHERE group_id = :group AND user_id = :user")
                .param("group", groupId)
                .param("user", userId)
                .query(GroupRepository::member)
                .optional();
    }

    public List<Member> members(UUID groupId) {
        return jdbc.sql("SELECT " + MEMBER_COLUMNS + " FROM group_members WHERE group_id = :group"
                        + " ORDER BY CASE role WHEN 'OWNER' THEN 0 WHEN 'ADMIN' THEN 1 ELSE 2 END, joined_at, user_id")
                .param("group", groupId)
                .query(GroupRepository::member)
                .list();
    }

    /** The members' ids, in the order of {@link #members}. */
    public List<UUID> memberIds(UUID groupId) {
        return members(groupId).stream().map(Member::userId).toList();
    }

    public void removeMember(UUID groupId, UUID userId) {
        jdbc.sql("DELETE FROM group_members WHERE group_id = :group AND user_id = :user")
                .param("group", groupId)
                .param("user", userId)
                .update();
    }

    public void setRole(UUID groupId, UUID userId, Role role) {
        jdbc.sql("UPDATE group_members SET role = :role WHERE group_id = :group AND user_id = :user")
                .param("group", groupId)
                .param("user", userId)
                .param("role", role.name())
                .update();
    }

    public void setMutedUntil(UUID groupId, UUID userId, Instant mutedUntil) {
        jdbc.sql("UPDATE group_members SET muted_until = :until WHERE group_id = :group AND user_id = :user")
                .param("group", groupId)
                .param("user", userId)
                .param("until", mutedUntil == null ? null : Timestamp.from(mutedUntil), java.sql.Types.TIMESTAMP)
                .update();
    }

    private static Group group(ResultSet rs, int row) throws SQLException {
        return new Group(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("avatar_url"),
                rs.getObject("owner_id", UUID.class),
                rs.getInt("member_count"),
                rs.getBoolean("muted_all"),
                rs.getLong("membership_version"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Member member(ResultSet rs, int row) throws SQLException {
        Timestamp muted = rs.getTimestamp("muted_until");
        return new Member(
                rs.getObject("group_id", UUID.class),
                rs.getObject("user_id", UUID.class),
                Role.valueOf(rs.getString("role")),
                rs.getTimestamp("joined_at").toInstant(),
                muted == null ? null : muted.toInstant());
    }
}
