package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.dvcqg.DvcqgModule;
import vn.lienthong.gateway.dvcqg.DvcqgVariables;

/** Outside the sandbox the DVCQG flow refuses to start without its security server and account, naming what is missing. */
class DvcqgConfigTest {

    static final List<String> REQUIRED = List.of("DVCQG_SS_URL", "DVCQG_PROVIDER_URL", "DVCQG_USER", "DVCQG_PASSWORD", "DVCQG_MADONVI");

    static Map<String, String> production() {
        return vn.lienthong.gateway.support.ProductionEnv.required();
    }

    @Test
    void missingDvcqgVariablesAreNamed() {
        Map<String, String> env = production();
        env.put("DVCQG_SS_URL", "http://10.0.0.5:8080");
        env.put("DVCQG_USER", "tinh");
        GatewayConfig config = GatewayConfig.of(env);
        assertThatThrownBy(() -> new DvcqgModule().configure(new FlowContext(config, null, null, null, null, null, null, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DVCQG_PROVIDER_URL").hasMessageContaining("DVCQG_PASSWORD")
                .hasMessageContaining("DVCQG_MADONVI").hasMessageNotContaining("DVCQG_SS_URL");
    }

    @Test
    void theSandboxNeedsNone() {
        // the declarations (DvcqgVariables) are what the module checks
        assertThat(DvcqgVariables.ALL.stream().filter(Setting::isRequired).map(Setting::name)).containsExactlyElementsOf(REQUIRED);
        GatewayConfig sandbox = GatewayConfig.of(Map.of("GATEWAY_ENV", "sandbox"));
        assertThatCode(() -> sandbox.requireOutsideSandbox("DVCQG paper retrieval", DvcqgVariables.ALL)).doesNotThrowAnyException();
        Map<String, String> env = production();
        REQUIRED.forEach(v -> env.put(v, "x"));
        assertThatCode(() -> GatewayConfig.of(env).requireOutsideSandbox("DVCQG paper retrieval", DvcqgVariables.ALL))
                .doesNotThrowAnyException();
    }
}
