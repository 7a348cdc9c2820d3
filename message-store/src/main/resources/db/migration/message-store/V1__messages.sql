-- The conversation store shared by private-message-server and group-message-server (each in its own database).

-- One row per conversation: the last seq handed out. A batch advances it with the row locked, in the same
-- transaction that inserts the messages, so seqs are dense (a rolled-back batch gives its seqs back) and no two
-- instances of a server ever hand out the same one.
CREATE TABLE conversation (
    id         text        PRIMARY KEY,  -- p:<smallerUserId>:<largerUserId> or g:<groupId>
    max_seq    bigint      NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE message (
    id              uuid        PRIMARY KEY,
    conversation_id text        NOT NULL,
    seq             bigint      NOT NULL,
    sender_id       uuid        NOT NULL,
    receiver_id     uuid,                  -- private messages
    group_id        uuid,                  -- group messages
    client_msg_id   text        NOT NULL,
    content_type    text        NOT NULL,
    content         text        NOT NULL,  -- emptied by a recall
    sent_at         timestamptz NOT NULL,
    recalled_at     timestamptz,
    recalled_by     uuid,
    CONSTRAINT message_seq_unique UNIQUE (conversation_id, seq),
    -- a retried send finds its original here
    CONSTRAINT message_client_id_unique UNIQUE (sender_id, client_msg_id)
);

-- A user's read cursor in a conversation. Private conversations get a row for both sides with their first message,
-- which is how a user's private conversations are listed.
CREATE TABLE read_cursor (
    user_id         uuid   NOT NULL,
    conversation_id text   NOT NULL,
    read_seq        bigint NOT NULL,
    PRIMARY KEY (user_id, conversation_id)
);

-- Delete-for-me: the message stays for everyone else.
CREATE TABLE hidden_message (
    user_id    uuid NOT NULL,
    message_id uuid NOT NULL,
    PRIMARY KEY (user_id, message_id)
);

CREATE TABLE outbox (
    id         bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
