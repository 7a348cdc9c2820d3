-- Deleted accounts. The users row goes (username and email are free again, nothing personal is kept); the id stays
-- here so that a profile lookup answers the "deleted user" placeholder instead of an unknown id.
CREATE TABLE deleted_users (
    id         uuid        PRIMARY KEY,
    deleted_at timestamptz NOT NULL
);

-- Kafka records written with the change they report (UserEvent on relay.users); OutboxRelay sends and deletes them.
CREATE TABLE outbox (
    id         bigserial   PRIMARY KEY,
    topic      text        NOT NULL,
    record_key text        NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
