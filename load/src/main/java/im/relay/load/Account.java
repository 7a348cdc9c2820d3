package im.relay.load;

/** A user registered for the run: its id and the access token its WebSocket opens with. */
record Account(String username, String userId, String accessToken) {}
