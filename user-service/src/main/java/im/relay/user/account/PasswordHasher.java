package im.relay.user.account;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id at OWASP's minimum: 19 MiB of memory, 2 iterations, 1 lane; 16-byte salt, 32-byte hash, stored as a PHC
 * string that carries its parameters, so they can be raised later and old hashes upgraded at login.
 */
@Component
class PasswordHasher {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;

    private final Argon2PasswordEncoder encoder =
            new Argon2PasswordEncoder(16, 32, PARALLELISM, MEMORY_KIB, ITERATIONS);

    /**
     * Compared against when the username is unknown, so that "no such user" costs as much time as "wrong
     * password" and the two cannot be told apart.
     */
    private final String decoy = encoder.encode("decoy password, never a real one");

    String hash(String password) {
        return encoder.encode(password);
    }

    boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Spends the same work as {@link #matches} and always fails. */
    boolean matchesNothing(String password) {
        encoder.matches(password, decoy);
        return false;
    }

    boolean needsRehash(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}
