package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every setting the code reads by name is declared (platform.Setting): a read of an undeclared name is a programming
 * error, found here by scanning src/main for config.get("NAME"...) / getInt / getLong / getBoolean and
 * Settings.declared("NAME") literals.
 */
class DeclaredSettingsTest {

    /** A read through a GatewayConfig (config.get...), or GatewayConfig's own reads (get("GATEWAY_ENV"...)). */
    static final Pattern CONFIG_READ = Pattern.compile(
            "(?:\\bconfig\\.|\\bcfg\\.|(?<![\\w.]))(?:get|getInt|getLong|getBoolean)\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
    static final Pattern DECLARED_READ = Pattern.compile("\\bdeclared\\(\\s*\"([A-Z][A-Z0-9_]*)\"");

    static Map<String, TreeSet<String>> readsIn(Path root) throws Exception {
        Map<String, TreeSet<String>> reads = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (Pattern p : List.of(CONFIG_READ, DECLARED_READ)) {
                    Matcher m = p.matcher(source);
                    while (m.find()) {
                        reads.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(file.getFileName().toString());
                    }
                }
            }
        }
        return reads;
    }

    @Test
    void everyNameTheCodeReadsIsDeclared() throws Exception {
        Map<String, TreeSet<String>> reads = readsIn(Path.of("src", "main", "java"));
        // the scan sees the reads (guards against a pattern that silently matches nothing)
        assertThat(reads).containsKeys("GATEWAY_ENV", "DHIS2_ENABLED", "PMHT_USER");
        Map<String, TreeSet<String>> undeclared = new java.util.TreeMap<>(reads);
        undeclared.keySet().removeAll(Settings.byName().keySet());
        assertThat(undeclared).as("settings read but not declared (declare them in PlatformVariables or the flow's"
                + " *Variables, listed by its FlowModule.settings())").isEmpty();
    }

    @Test
    void theScanFindsAnUndeclaredRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Late.java"), "class Late { int n(GatewayConfig config) {"
                + " return config.getInt(\"NOT_DECLARED_ANYWHERE\", 1); } }");
        assertThat(readsIn(dir)).containsKey("NOT_DECLARED_ANYWHERE");
        assertThat(Settings.byName()).doesNotContainKey("NOT_DECLARED_ANYWHERE");
    }

    @Test
    void upstreamUrlVariablesAreDeclared() {
        assertThat(Settings.byName().keySet()).containsAll(UpstreamTls.URL_VARIABLES);
    }

    @Test
    void anUndeclaredNameCannotBeLookedUp() {
        assertThatThrownBy(() -> Settings.declared("NOT_DECLARED_ANYWHERE")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NOT_DECLARED_ANYWHERE");
    }

    @Test
    void eachFlowDeclaresItsOwnSettings() {
        assertThat(Settings.groups().stream().map(Settings.Group::name))
                .containsExactly("platform", "sandbox", "acceptance", "civil", "molisa", "dvcqg", "health", "ops");
    }

    /** What the routes get as {{property}}: the declared default when unset, else the value checked against its type. */
    @Test
    void camelPropertiesComeFromTheDeclarations() {
        GatewayConfig unset = GatewayConfig.of(Map.of());
        assertThat(unset.propertyValue(PlatformVariables.RETRY_MAX)).isEqualTo("10");
        GatewayConfig set = GatewayConfig.of(Map.of("RETRY_MAX", " 4 ", "MANAGEMENT_ENABLED", "yes"));
        assertThat(set.propertyValue(PlatformVariables.RETRY_MAX)).isEqualTo("4");
        assertThat(set.propertyValue(PlatformVariables.MANAGEMENT_ENABLED)).isEqualTo("true");
        assertThatThrownBy(() -> GatewayConfig.of(Map.of("RETRY_MAX", "ten")).propertyValue(PlatformVariables.RETRY_MAX))
                .isInstanceOf(ConfigException.class).hasMessageContaining("RETRY_MAX");
    }
}
