package im.relay.auth.session;

import java.time.Instant;
import java.util.UUID;

/** One login on one device; its refresh tokens form one family. */
record Session(UUID id, UUID userId, String deviceId, Platform platform, Instant createdAt, Instant expiresAt) {}
