package im.relay.sdk;

import java.util.UUID;

/** Fresh clientMsgIds: random, so that two devices of one user never pick the same. */
public final class ClientMsgIds {

    private ClientMsgIds() {}

    public static String next() {
        return UUID.randomUUID().toString();
    }
}
