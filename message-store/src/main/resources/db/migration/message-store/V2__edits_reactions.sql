-- Edits and reactions change a message in place: neither takes a seq, so sync stays gap-free and answers the
-- current state of every message it returns.

ALTER TABLE message
    ADD COLUMN edited_at    timestamptz,          -- the last edit; null for a message never edited
    ADD COLUMN edit_version integer NOT NULL DEFAULT 0;

-- One row per user, emoji and message: a repeated reaction is a no-op.
CREATE TABLE message_reaction (
    message_id uuid        NOT NULL REFERENCES message (id),
    emoji      text        NOT NULL,
    user_id    uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);
