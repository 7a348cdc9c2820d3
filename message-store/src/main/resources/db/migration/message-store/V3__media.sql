-- Uploaded media (images, audio, video, files): the metadata; the bytes live in the server's MediaStore (a
-- directory or an S3-compatible bucket) under the media id. Hosted by private-message-server today.
CREATE TABLE media (
    id             uuid        PRIMARY KEY,
    uploader_id    uuid        NOT NULL,
    name           text        NOT NULL,  -- the file name the client gave, shown to the recipients
    size           bigint      NOT NULL,
    mime_type      text        NOT NULL,  -- sniffed from the bytes, never taken from the client
    width          int,                   -- images that the server could read
    height         int,
    has_thumbnail  boolean     NOT NULL,
    created_at     timestamptz NOT NULL
);

-- The conversations whose messages carry a media id: their members may download it. A media row without a
-- reference is an orphan and is deleted after relay.media.orphan-ttl.
CREATE TABLE media_reference (
    media_id        uuid        NOT NULL REFERENCES media (id),
    conversation_id text        NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (media_id, conversation_id)
);

CREATE INDEX media_created_at ON media (created_at);
