-- Groups ("groups" is a reserved word). A dismissed group is kept for history and answers 404 everywhere.
CREATE TABLE chat_groups (
    id                 uuid        PRIMARY KEY,
    name               text        NOT NULL,
    description        text        NOT NULL DEFAULT '',
    avatar_url         text        NOT NULL DEFAULT '',
    owner_id           uuid        NOT NULL,
    muted_all          boolean     NOT NULL DEFAULT false,
    member_count       integer     NOT NULL DEFAULT 0,
    membership_version bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    dismissed_at       timestamptz
);

CREATE TABLE group_members (
    group_id    uuid        NOT NULL REFERENCES chat_groups (id),
    user_id     uuid        NOT NULL,
    role        text        NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER')),
    joined_at   timestamptz NOT NULL,
    muted_until timestamptz,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

-- Kafka records written with the change they report; OutboxRelay sends and deletes them.
CREATE TABLE outbox (
    id         bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
