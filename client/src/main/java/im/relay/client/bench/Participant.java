package im.relay.client.bench;

import im.relay.client.ChatConnection;
import im.relay.client.RelayClient;
import im.relay.client.User;

/** One bench user: its own client (session) and, once connected, its live connection. */
final class Participant {

    private final int index;
    private final RelayClient client;
    private final User user;
    private volatile ChatConnection connection;

    Participant(int index, RelayClient client, User user) {
        this.index = index;
        this.client = client;
        this.user = user;
    }

    int index() {
        return index;
    }

    RelayClient client() {
        return client;
    }

    User user() {
        return user;
    }

    String id() {
        return user.id();
    }

    ChatConnection connection() {
        return connection;
    }

    void connected(ChatConnection connection) {
        this.connection = connection;
    }
}
