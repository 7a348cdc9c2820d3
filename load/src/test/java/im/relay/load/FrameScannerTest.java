package im.relay.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameScannerTest {

    private final FrameScanner scanner = new FrameScanner("p:a:b");

    private void scan(String json) {
        byte[] bytes = ("  " + json).getBytes(StandardCharsets.UTF_8);
        scanner.scan(bytes, 2, bytes.length - 2); // at an offset, as in a shared buffer
    }

    @Test
    void readsAnAckWithItsSeqAndThePayloadOfItsId() {
        scan("{\"type\":\"ack\",\"id\":\"3.17.2.1.123456789\",\"message\":{\"messageId\":\"m1\",\"conversationId\":"
                + "\"p:a:b\",\"type\":\"PRIVATE\",\"senderId\":\"a\",\"seq\":42,\"clientMsgId\":\"3.17.2.1.123456789\","
                + "\"contentType\":\"TEXT\",\"content\":\"3.17.2.1.123456789\",\"sentAt\":\"2026-01-01T00:00:00.000Z\","
                + "\"recalled\":false}}");

        assertThat(scanner.type).isEqualTo(FrameScanner.Type.ACK);
        assertThat(scanner.seq).isEqualTo(42);
        assertThat(scanner.inConversation).isTrue();
        assertThat(scanner.hasPayload).isTrue();
        assertThat(scanner.payload.sender).isEqualTo(3);
        assertThat(scanner.payload.n).isEqualTo(17);
        assertThat(scanner.payload.step).isEqualTo(2);
        assertThat(scanner.payload.measured).isTrue();
        assertThat(scanner.payload.scheduledNanos).isEqualTo(123_456_789L);
    }

    @Test
    void readsAMessageWhateverTheFieldOrderAndSkipsNestedValues() {
        scan("{\"message\":{\"extra\":{\"a\":[1,{\"seq\":99}]},\"content\":\"0.1.0.0.5~xxxx\",\"seq\":7,"
                + "\"conversationId\":\"p:a:b\"},\"type\":\"message\"}");

        assertThat(scanner.type).isEqualTo(FrameScanner.Type.MESSAGE);
        assertThat(scanner.seq).isEqualTo(7);
        assertThat(scanner.inConversation).isTrue();
        assertThat(scanner.payload.measured).isFalse();
        assertThat(scanner.payload.scheduledNanos).isEqualTo(5);
    }

    @Test
    void aMessageOfAnotherConversationOrWithForeignContentIsMarkedSo() {
        scan("{\"type\":\"message\",\"message\":{\"conversationId\":\"p:a:c\",\"seq\":1,\"content\":\"hello there\"}}");

        assertThat(scanner.type).isEqualTo(FrameScanner.Type.MESSAGE);
        assertThat(scanner.inConversation).isFalse();
        assertThat(scanner.hasPayload).isFalse();
    }

    @Test
    void readsAnErrorsCodeAndTheSendItAnswers() {
        scan("{\"type\":\"error\",\"id\":\"1.2.3.1.4\",\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}");

        assertThat(scanner.type).isEqualTo(FrameScanner.Type.ERROR);
        assertThat(scanner.code).isEqualTo("RATE_LIMITED");
        assertThat(scanner.payload.step).isEqualTo(3);

        scan("{\"type\":\"error\",\"id\":\"1.2.3.1.4\",\"code\":\"SOMETHING_NEW\"}");
        assertThat(scanner.code).isEqualTo("SOMETHING_NEW");
    }

    @Test
    void otherFramesAndGarbageAreOther() {
        scan("{\"type\":\"presence\",\"userId\":\"b\",\"online\":true}");
        assertThat(scanner.type).isEqualTo(FrameScanner.Type.OTHER);
        scan("{\"type\":\"read\",\"conversationId\":\"p:a:b\",\"userId\":\"b\",\"seq\":3}");
        assertThat(scanner.type).isEqualTo(FrameScanner.Type.OTHER);
        assertThat(scanner.seq).isZero();
        scan("not json {");
        assertThat(scanner.type).isEqualTo(FrameScanner.Type.OTHER);
    }

    @Test
    void aPayloadWrittenIsReadBack() {
        ByteBuf buf = Unpooled.buffer();
        Payload.write(buf, 12, 0, 7, true, 9_876_543_210L);
        String text = buf.toString(StandardCharsets.US_ASCII);

        Payload payload = new Payload();
        assertThat(text)
                .isEqualTo(Payload.toString(12, 0, 7, true, 9_876_543_210L))
                .isEqualTo("12.0.7.1.9876543210");
        assertThat(payload.read(text)).isTrue();
        assertThat(payload.sender).isEqualTo(12);
        assertThat(payload.scheduledNanos).isEqualTo(9_876_543_210L);
        assertThat(new Payload().read("1.2.3.4")).as("too few fields").isFalse();
        assertThat(new Payload().read("1.2.3.1.5.6")).as("too many fields").isFalse();
        assertThat(new Payload().read("1.2.3.2.5")).as("measured flag").isFalse();
        assertThat(new Payload().read("1.2.x.1.5")).isFalse();
    }
}
