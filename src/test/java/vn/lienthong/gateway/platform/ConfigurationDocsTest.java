package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is what the declarations produce, and the README's configuration tables name only declared
 * settings. Regenerate the page with {@code mvn -q test -Dtest=ConfigurationDocsTest -Ddocs.write=true}.
 */
class ConfigurationDocsTest {

    static final Path DOCS = Path.of("docs", "configuration.md");

    @Test
    void docsConfigurationIsGeneratedFromTheDeclarations() throws Exception {
        String expected = ConfigurationDocs.render();
        if (Boolean.getBoolean("docs.write")) {
            Files.writeString(DOCS, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(DOCS) ? Files.readString(DOCS, StandardCharsets.UTF_8) : "";
        assertThat(actual).as("docs/configuration.md differs from the declared settings; regenerate it with: "
                + ConfigurationDocs.REGENERATE).isEqualTo(expected);
    }

    @Test
    void everyDeclaredSettingIsOnThePageOnce() throws Exception {
        String page = ConfigurationDocs.render();
        for (String name : Settings.byName().keySet()) {
            assertThat(page.split("\n\\| `" + name + "` \\|", -1)).as(name).hasSize(2);
        }
    }

    /** The README still has hand-written tables (to be replaced by a link): whatever they name must be declared. */
    @Test
    void readmeConfigurationTablesNameOnlyDeclaredSettings() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Configuration");
        if (start < 0) {
            return;
        }
        int end = readme.indexOf("\n## ", start + 5);
        List<String> undeclared = new ArrayList<>();
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String first = line.substring(1, line.indexOf('|', 1));
            Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]*)`").matcher(first);
            while (m.find()) {
                String name = m.group(1);
                if (!name.endsWith("_FILE") && !Settings.byName().containsKey(name)) {
                    undeclared.add(name);
                }
            }
        }
        assertThat(undeclared).as("README configuration variables without a declaration").isEmpty();
    }

    @Test
    void secretsCanComeFromFiles() {
        assertThat(Settings.byName().values().stream().filter(Setting::secret).map(Setting::name))
                .isNotEmpty().allSatisfy(name -> assertThat(GatewayConfig.isGatewayVariable(name)).as(name).isTrue());
    }
}
