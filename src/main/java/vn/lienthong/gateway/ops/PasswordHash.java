package vn.lienthong.gateway.ops;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console password hashes: {@code pbkdf2.<iterations>.<salt>.<hash>} (PBKDF2WithHmacSHA256 from the JDK, URL-safe
 * base64 without padding, so the value needs no quoting in env files or compose files), and SHA-256 of API tokens.
 *
 * <p>As a command: {@code java -cp "target/lienthong-gateway.jar:target/lib/*" vn.lienthong.gateway.ops.PasswordHash
 * alice operator} asks for the password and prints the {@code CONSOLE_USERS} entry; {@code ... PasswordHash --token
 * ci-bot viewer} makes a random API token, prints it once and its {@code CONSOLE_TOKENS} entry.
 */
public final class PasswordHash {

    public static final int DEFAULT_ITERATIONS = 310_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private PasswordHash() {
    }

    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2." + iterations + "." + B64.encodeToString(salt) + "." + B64.encodeToString(derive(password, salt, iterations));
    }

    /** True when the password matches the stored hash (constant-time comparison). */
    public static boolean verify(char[] password, String stored) {
        String[] parts = stored.split("\\.");
        byte[] salt = B64D.decode(parts[2]);
        byte[] expected = B64D.decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
    }

    /** The iteration count of a stored hash (its shape checked by {@link #checkFormat}). */
    static int iterations(String stored) {
        return Integer.parseInt(stored.split("\\.")[1]);
    }

    /** Does the work of {@code iterations} PBKDF2 rounds for nothing: pads a cheaper check to a common cost. */
    static void spend(int iterations) {
        if (iterations > 0) {
            derive(new char[] {'x'}, new byte[16], iterations);
        }
    }

    /** Checks the shape of a stored hash; the message says what is wrong. */
    static void checkFormat(String stored) {
        String[] parts = stored.split("\\.");
        if (parts.length != 4 || !"pbkdf2".equals(parts[0])) {
            throw new IllegalArgumentException("password hash must look like pbkdf2.<iterations>.<salt>.<hash>");
        }
        try {
            if (Integer.parseInt(parts[1]) < 1000) {
                throw new IllegalArgumentException("password hash iterations must be at least 1000");
            }
            B64D.decode(parts[2]);
            if (B64D.decode(parts[3]).length != 32) {
                throw new IllegalArgumentException("password hash must be 32 bytes");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("password hash iterations must be a number");
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("password") ? e
                    : new IllegalArgumentException("password hash salt and hash must be URL-safe base64");
        }
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random secret of 32 bytes, URL-safe base64 (session and API tokens). */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    public static void main(String[] args) throws Exception {
        boolean token = args.length > 0 && "--token".equals(args[0]);
        int first = token ? 1 : 0;
        if (args.length - first != 2) {
            System.err.println("usage: PasswordHash <user> <viewer|operator>      (asks for the password)");
            System.err.println("       PasswordHash --token <name> <viewer|operator> (makes a random API token)");
            System.exit(2);
        }
        String name = args[first];
        String role = Role.parse(args[first + 1]).label();
        if (token) {
            String secret = randomToken();
            System.out.println("token (give it to the client once, it is not stored): " + secret);
            System.out.println("CONSOLE_TOKENS entry: " + name + ":" + role + ":" + sha256Hex(secret));
            return;
        }
        char[] password;
        Console console = System.console();
        if (console != null) {
            password = console.readPassword("password for %s: ", name);
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length < 8) {
            System.err.println("the password must have at least 8 characters");
            System.exit(2);
        }
        System.out.println("CONSOLE_USERS entry: " + name + ":" + role + ":" + hash(password, DEFAULT_ITERATIONS));
    }
}
