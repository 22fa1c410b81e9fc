package vn.lienthong.gateway.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import vn.lienthong.gateway.security.PayloadCipher;

/**
 * Content-addressed file store: a file is named by the SHA-256 of its clear bytes (ab/abcdef...{suffix}), so the
 * same content is stored once and a name can never point to other bytes. The content is encrypted at rest
 * ({@link PayloadCipher}, AES-256-GCM); files written before encryption (no header) or
 * before contents were bound to their name are read only while the data-at-rest migration is pending.
 * Writes go through a temporary file and an atomic move, so a crash never leaves a half-written file under a valid name.
 */
public class FileStore {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final String suffix;
    private final PayloadCipher cipher;
    /** A file's content is bound to its store (suffix) and its name (the SHA-256 of the clear content). */
    private final PayloadCipher.Column column;

    /** With a key that lives in memory only (tests, tools): the gateway passes its configured cipher. */
    public FileStore(Path root, String suffix) {
        this(root, suffix, PayloadCipher.ephemeral());
    }

    public FileStore(Path root, String suffix, PayloadCipher cipher) {
        this.root = root;
        this.suffix = suffix;
        this.cipher = cipher;
        this.column = PayloadCipher.Column.of("file_store", suffix.startsWith(".") ? suffix.substring(1) : suffix);
    }

    /** Stores the bytes (encrypted) and returns the SHA-256 of the clear bytes (lowercase hex). */
    public String put(byte[] bytes) {
        String sha = sha256(bytes);
        Path target = path(sha);
        try {
            if (Files.exists(target) && cipher.isCurrent(Files.readAllBytes(target))) {
                return sha;
            }
            write(target, cipher.encrypt(bytes, column, sha));
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store file " + sha + " under " + root + ": " + e.getMessage(), e);
        }
    }

    private void write(Path target, byte[] content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString().substring(0, 8), ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The clear bytes; fails ({@link PayloadCipher.CipherException}) when the file was altered. */
    public Optional<byte[]> get(String sha) {
        if (sha == null || !SHA.matcher(sha).matches()) {
            return Optional.empty();
        }
        Path p = path(sha);
        try {
            if (!Files.exists(p)) {
                return Optional.empty();
            }
            byte[] clear = cipher.decrypt(Files.readAllBytes(p), column, sha);
            if (!sha.equals(sha256(clear))) {
                throw new PayloadCipher.CipherException("file " + sha + " does not hold the content it is named after", null);
            }
            return Optional.of(clear);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read file " + sha + ": " + e.getMessage(), e);
        }
    }

    /**
     * Re-encrypts every file not bound under the current key (clear files, files of the previous format or under an
     * older key) with the current key, bound to its name; returns how many were rewritten. A file that cannot be read
     * stops it ({@link PayloadCipher.CipherException} naming the file). Safe to run while the gateway runs (atomic replace).
     */
    public int reencrypt() {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int n = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(suffix))::iterator) {
                byte[] stored = Files.readAllBytes(p);
                if (!cipher.isCurrent(stored)) {
                    String name = p.getFileName().toString();
                    String sha = name.substring(0, name.length() - suffix.length());
                    write(p, cipher.encrypt(cipher.decrypt(stored, column, sha), column, sha));
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-encrypt the files under " + root + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** Removes a file no longer needed (e.g. a waiting push body once the officer decided). */
    public void delete(String sha) {
        if (sha == null || !SHA.matcher(sha).matches()) {
            return;
        }
        try {
            Files.deleteIfExists(path(sha));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete file " + sha + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    private Path path(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha + suffix);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
