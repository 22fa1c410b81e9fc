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

/**
 * Content-addressed file store: a file is named by the SHA-256 of its bytes (ab/abcdef...{suffix}), so the same
 * content is stored once and a name can never point to other bytes. Writes go through a temporary file and an
 * atomic move, so a crash never leaves a half-written file under a valid name.
 */
public class FileStore {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final String suffix;

    public FileStore(Path root, String suffix) {
        this.root = root;
        this.suffix = suffix;
    }

    /** Stores the bytes and returns their SHA-256 (lowercase hex). */
    public String put(byte[] bytes) {
        String sha = sha256(bytes);
        Path target = path(sha);
        try {
            if (Files.exists(target) && Files.size(target) == bytes.length) {
                return sha;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), sha.substring(0, 8), ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store file " + sha + " under " + root + ": " + e.getMessage(), e);
        }
    }

    public Optional<byte[]> get(String sha) {
        if (sha == null || !SHA.matcher(sha).matches()) {
            return Optional.empty();
        }
        Path p = path(sha);
        try {
            return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read file " + sha + ": " + e.getMessage(), e);
        }
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
