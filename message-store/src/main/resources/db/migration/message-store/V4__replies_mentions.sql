-- Replies and mentions. A reply keeps only the quoted message's id, sender and type (facts that never change); its
-- snippet is read from the quoted row with the reply, so a later edit or recall of the quoted message shows.
ALTER TABLE message
    ADD COLUMN reply_to_id           uuid,
    ADD COLUMN reply_to_sender_id    uuid,
    ADD COLUMN reply_to_content_type text,
    ADD COLUMN mentions              uuid[],                         -- null when the message mentions no one
    ADD COLUMN mentions_all          boolean NOT NULL DEFAULT false; -- @all: every member, with no row per member

-- The unread summary counts a reader's unread mentions per conversation with this index: only mentioning messages.
CREATE INDEX message_mentions ON message (conversation_id, seq) WHERE mentions_all OR mentions IS NOT NULL;
