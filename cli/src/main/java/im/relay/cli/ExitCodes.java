package im.relay.cli;

import im.relay.sdk.RelayException;

/** What a {@code ./relay} client command's exit status means, for scripts (also in {@code --help}). */
final class ExitCodes {

    static final int OK = 0;
    /** A server error, or anything not listed below. */
    static final int FAILED = 1;
    /** Bad command-line usage (picocli's own). */
    static final int USAGE = 2;
    /** Not logged in, wrong credentials, or the session ended (401). */
    static final int UNAUTHORIZED = 3;
    /** No such user, group or message (404). */
    static final int NOT_FOUND = 4;
    /** Already so: username taken, already friends, request pending, already a member (409). */
    static final int CONFLICT = 5;
    /** Not allowed: not friends, blocked, not a member, muted, above one's role (403). */
    static final int FORBIDDEN = 6;
    /** Input the server refused as invalid (400, 413). */
    static final int INVALID = 7;
    /** Too many requests; try again later (429). */
    static final int RATE_LIMITED = 8;
    /** The server could not be reached, or is unavailable (503). */
    static final int UNREACHABLE = 9;

    static final String HELP = """
            Exit status: 0 done, 1 failed, 2 bad usage, 3 not logged in or refused credentials, 4 not found,
            5 conflict (already so), 6 forbidden, 7 invalid input, 8 rate limited, 9 server unreachable.""";

    private ExitCodes() {}

    static int of(RelayException e) {
        return switch (e.status()) {
            case -1, 502, 503, 504 -> UNREACHABLE;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 400, 413, 415 -> INVALID;
            case 429 -> RATE_LIMITED;
            default -> FAILED;
        };
    }
}
