package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.security.PayloadCipher;
import vn.lienthong.gateway.support.ProductionEnv;

/** Where the data keys come from: DATA_KEYS / DATA_KEYS_FILE / DATA_KEY_CURRENT, a sandbox key, a refused start. */
class DataKeysTest {

    @TempDir
    Path dir;

    @Test
    void outsideTheSandboxAMissingKeyRefusesTheStartNamingTheVariable() {
        Map<String, String> env = ProductionEnv.required();
        env.remove("DATA_KEYS");
        env.put("EMBEDDED_BROKER_ACCEPTOR", "none");
        env.put("DATA_DIR", dir.toString());
        assertThatThrownBy(() -> new Gateway(GatewayConfig.of(env)).start()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("DATA_KEYS").hasMessageContaining("production");
        env.put("GATEWAY_ENV", "test");
        assertThatThrownBy(() -> DataKeys.cipher(GatewayConfig.of(env))).hasMessageContaining("DATA_KEYS");
        assertThat(dir.resolve("keys")).doesNotExist();
    }

    @Test
    void keysComeFromTheVariableOrItsFileAndTheCurrentOneCanBeChosen() throws Exception {
        String a = PayloadCipher.newKeyEntry("a");
        String b = PayloadCipher.newKeyEntry("b");
        Path file = dir.resolve("data_keys");
        Files.writeString(file, a + "," + b + "\n");
        Map<String, String> env = ProductionEnv.required();
        env.remove("DATA_KEYS");
        env.put("DATA_KEYS_FILE", file.toString());
        assertThat(DataKeys.cipher(GatewayConfig.of(env)).currentKeyId()).isEqualTo("a");
        env.put("DATA_KEY_CURRENT", "b");
        PayloadCipher cipher = DataKeys.cipher(GatewayConfig.of(env));
        assertThat(cipher.currentKeyId()).isEqualTo("b");
        assertThat(cipher.keyIds()).containsExactly("a", "b");

        env.put("DATA_KEY_CURRENT", "c");
        assertThatThrownBy(() -> DataKeys.cipher(GatewayConfig.of(env))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'c'").hasMessageNotContaining(a.substring(2));
        Map<String, String> bad = new HashMap<>(ProductionEnv.required());
        bad.put("DATA_KEYS", "a:c2hvcnQ=");
        assertThatThrownBy(() -> DataKeys.cipher(GatewayConfig.of(bad))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("32 bytes").hasMessageNotContaining("c2hvcnQ=");
    }

    private static final PayloadCipher.Column COLUMN = PayloadCipher.Column.of("t", "c");

    @Test
    void theSandboxGeneratesADevelopmentKeyOnceAndKeepsIt() throws Exception {
        GatewayConfig sandbox = GatewayConfig.of(Map.of("DATA_DIR", dir.toString()));
        PayloadCipher first = DataKeys.cipher(sandbox);
        byte[] sealed = first.encrypt(new byte[] {1, 2, 3}, COLUMN, "row-1");
        assertThat(dir.resolve("keys").resolve("sandbox-data.key")).exists();
        PayloadCipher again = DataKeys.cipher(sandbox);
        assertThat(again.decrypt(sealed, COLUMN, "row-1")).containsExactly(1, 2, 3);
        assertThat(again.currentKeyId()).isEqualTo("sandbox-dev");
    }
}
