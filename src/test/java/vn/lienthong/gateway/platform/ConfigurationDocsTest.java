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
 * docs/configuration.md is what the declarations produce, and the other documents' settings tables name only
 * declared settings. Regenerate the page with {@code mvn -q test -Dtest=ConfigurationDocsTest -Ddocs.write=true}.
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

    /** The flows' documents keep their own settings tables: whatever they name must be declared. */
    @Test
    void settingsTablesOfTheOtherDocsNameOnlyDeclaredSettings() throws Exception {
        List<String> undeclared = new ArrayList<>();
        List<Path> docs;
        try (var files = Files.list(Path.of("docs"))) {
            docs = files.filter(f -> f.toString().endsWith(".md") && !f.equals(DOCS)).sorted().toList();
        }
        assertThat(docs).isNotEmpty();
        for (Path doc : docs) {
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                if (!line.startsWith("| `")) {
                    continue;
                }
                Matcher m = Pattern.compile("`([A-Z][A-Z0-9]*_[A-Z0-9_]*)`").matcher(line.substring(1, line.indexOf('|', 1)));
                while (m.find()) {
                    String name = m.group(1);
                    if (!name.endsWith("_FILE") && !Settings.byName().containsKey(name)) {
                        undeclared.add(doc.getFileName() + ": " + name);
                    }
                }
            }
        }
        assertThat(undeclared).as("settings named in docs/*.md tables without a declaration").isEmpty();
    }

    @Test
    void secretsCanComeFromFiles() {
        assertThat(Settings.byName().values().stream().filter(Setting::secret).map(Setting::name))
                .isNotEmpty().allSatisfy(name -> assertThat(GatewayConfig.isGatewayVariable(name)).as(name).isTrue());
    }
}
