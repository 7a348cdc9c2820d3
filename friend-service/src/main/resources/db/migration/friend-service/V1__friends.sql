-- Friend requests. At most one pending request per direction; decided requests are kept as history.
CREATE TABLE friend_requests (
    id         uuid        PRIMARY KEY,
    from_user  uuid        NOT NULL,
    to_user    uuid        NOT NULL,
    message    text        NOT NULL DEFAULT '',
    status     text        NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'REJECTED')),
    created_at timestamptz NOT NULL,
    decided_at timestamptz
);
CREATE UNIQUE INDEX friend_requests_one_pending ON friend_requests (from_user, to_user) WHERE status = 'PENDING';
CREATE INDEX friend_requests_incoming ON friend_requests (to_user) WHERE status = 'PENDING';

-- A friendship is two rows, one per side, each with that side's remark.
CREATE TABLE friendships (
    user_id   uuid        NOT NULL,
    friend_id uuid        NOT NULL,
    remark    text        NOT NULL DEFAULT '',
    since     timestamptz NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);

CREATE TABLE blocks (
    user_id    uuid        NOT NULL,
    blocked_id uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

-- Kafka records written with the change they report; OutboxRelay sends and deletes them.
CREATE TABLE outbox (
    id         bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
