package im.relay.auth.api;

import java.time.Instant;

/** The signed-in user's own profile, as register and login return it. */
record UserProfile(String id, String username, String nickname, String avatarUrl, String email, Instant createdAt) {}
