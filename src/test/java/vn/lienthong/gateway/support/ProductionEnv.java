package vn.lienthong.gateway.support;

import java.util.HashMap;
import java.util.Map;

/** The smallest environment outside the sandbox: every upstream the gateway requires, nothing more. */
public final class ProductionEnv {

    /** A fixed data key for tests outside the sandbox (every node of a test cluster must share it). */
    public static final String TEST_DATA_KEYS = "test-2026:" + java.util.Base64.getEncoder().encodeToString(
            "lienthong-test-key-not-a-secret!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private ProductionEnv() {
    }

    /** A mutable map with GATEWAY_ENV=production and every required upstream variable set (DHIS2 off). */
    public static Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_ENV", "production");
        env.put("PMHT_URL", "https://pmht.example");
        env.put("PMHT_USER", "u");
        env.put("PMHT_PASSWORD", "p");
        env.put("DVCLT_URL", "https://dvclt.example");
        env.put("DVCLT_USER", "u");
        env.put("DVCLT_PASSWORD", "p");
        env.put("MOLISA_URL", "https://molisa.example");
        env.put("MOLISA_USER", "u");
        env.put("MOLISA_PASSWORD", "p");
        env.put("DHIS2_ENABLED", "false");
        env.put("DATA_KEYS", TEST_DATA_KEYS);
        return env;
    }
}
