package vn.lienthong.gateway.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lienthong.gateway.security.PayloadCipher;

/**
 * The data keys of encryption at rest, from {@code DATA_KEYS} (or {@code DATA_KEYS_FILE}) and {@code DATA_KEY_CURRENT}.
 * In the sandbox without keys a development key is generated once under {@code DATA_DIR/keys} (with a WARN);
 * outside the sandbox a missing key refuses the start.
 */
public final class DataKeys {

    private static final Logger LOG = LoggerFactory.getLogger(DataKeys.class);

    private DataKeys() {
    }

    public static PayloadCipher cipher(GatewayConfig config) {
        String spec = config.get(PlatformVariables.DATA_KEYS);
        String currentId = config.get(PlatformVariables.DATA_KEY_CURRENT);
        if (spec == null) {
            if (!config.isSandbox()) {
                throw new ConfigException("GATEWAY_ENV=" + config.environmentName() + " requires DATA_KEYS (or DATA_KEYS_FILE):"
                        + " the keys that encrypt stored payloads, certificates and evidence (keyId:base64-of-32-bytes;"
                        + " a new one: java -cp ... vn.lienthong.gateway.security.PayloadCipher)");
            }
            spec = sandboxKey(config.dataDir().resolve("keys").resolve("sandbox-data.key"));
            currentId = null;
        }
        try {
            PayloadCipher cipher = PayloadCipher.parse(spec, currentId);
            LOG.info("Data at rest: AES-256-GCM, current key '{}', {} key(s) configured", cipher.currentKeyId(),
                    cipher.keyIds().size());
            return cipher;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("DATA_KEYS / DATA_KEY_CURRENT: " + e.getMessage());
        }
    }

    private static String sandboxKey(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, PayloadCipher.newKeyEntry("sandbox-dev"), StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
            LOG.warn("DATA_KEYS is not set: stored personal data is encrypted with a SANDBOX development key kept in {}"
                    + " (never do this outside the sandbox)", file);
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new ConfigException("cannot create the sandbox development data key " + file + ": " + e.getMessage());
        }
    }
}
