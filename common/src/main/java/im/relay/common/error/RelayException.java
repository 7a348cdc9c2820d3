package im.relay.common.error;

/** A failure the client should see as-is: a catalogue code and a human-readable detail. */
public class RelayException extends RuntimeException {

    private final ErrorCode code;

    public RelayException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public RelayException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }
}
