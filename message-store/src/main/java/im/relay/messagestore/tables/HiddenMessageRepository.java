package im.relay.messagestore.tables;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code hidden_message} table: the messages a user deleted for themselves. */
public class HiddenMessageRepository {

    private final JdbcClient jdbc;

    public HiddenMessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void hide(UUID userId, UUID messageId) {
        jdbc.sql("INSERT INTO hidden_message (user_id, message_id) VALUES (:user, :message) ON CONFLICT DO NOTHING")
                .param("user", userId)
                .param("message", messageId)
                .update();
    }
}
