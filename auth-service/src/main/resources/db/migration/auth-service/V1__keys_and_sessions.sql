-- ES256 signing keys. A key is published (JWKS) from creation, signs from active_from, and is withdrawn from the
-- JWKS at retire_at, once no access token it signed can still be valid.
CREATE TABLE signing_keys (
    kid         text        PRIMARY KEY,
    private_jwk text        NOT NULL,
    created_at  timestamptz NOT NULL,
    active_from timestamptz NOT NULL,
    retire_at   timestamptz
);

-- One login (or registration) on one device. Its refresh tokens form one family.
CREATE TABLE sessions (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL,
    device_id    text        NOT NULL,
    platform     text        NOT NULL,
    created_at   timestamptz NOT NULL,
    refreshed_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    end_reason   text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Refresh tokens are stored as SHA-256 hashes; a token is spent by its first use.
CREATE TABLE refresh_tokens (
    token_hash bytea       PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES sessions (id),
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    spent_at   timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);
