package vn.lienthong.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The routes read as routing (docs/architecture.md): one naming rule for route ids (dead-letter queues are named
 * after them: DLQ.&lt;route id&gt;) and no route longer than a screen (loops and bean choreography belong in the
 * flow's Java). Read from routes/ as written, so that a newcomer's view and this check are the same.
 */
class RouteShapeTest {

    /** {@code <flow>.<kebab-name>}: the flow is the file's (civil-lifecycle.camel.yaml: civil; errors: gateway). */
    private static final Pattern ROUTE_ID = Pattern.compile("([a-z]+)\\.[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern CONFIGURATION_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_ROUTE_LINES = 60;

    private record Entry(String file, String kind, String id, int lines, List<String> text) {
    }

    @Test
    void routeIdsFollowOneRuleAndNameTheirFlow() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.kind().equals("routeConfiguration")) {
                if (!CONFIGURATION_ID.matcher(e.id()).matches()) {
                    wrong.add(e.file() + ": route configuration '" + e.id() + "' is not kebab-case");
                }
                continue;
            }
            Matcher m = ROUTE_ID.matcher(e.id());
            if (!m.matches()) {
                wrong.add(e.file() + ": route '" + e.id() + "' is not <flow>.<kebab-name>");
            } else if (!m.group(1).equals(flowOf(e.file()))) {
                wrong.add(e.file() + ": route '" + e.id() + "' names flow " + m.group(1) + ", its file is " + flowOf(e.file()));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void noRouteIsLongerThanAScreen() throws IOException {
        List<String> tooLong = entries().stream().filter(e -> e.kind().equals("route") && e.lines() > MAX_ROUTE_LINES)
                .map(e -> e.file() + ": " + e.id() + " has " + e.lines() + " lines").toList();
        assertThat(tooLong).isEmpty();
    }

    private static String flowOf(String file) {
        String base = file.substring(0, file.indexOf('.'));
        int dash = base.indexOf('-');
        String flow = dash < 0 ? base : base.substring(0, dash);
        return flow.equals("errors") ? "gateway" : flow;
    }

    /** Top-level entries of every route file: kind, id and the lines that are not blank or comments. */
    private static List<Entry> entries() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList()) {
                String name = file.getFileName().toString();
                String kind = null;
                String id = null;
                List<String> text = new ArrayList<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("- ")) {
                        if (kind != null) {
                            entries.add(new Entry(name, kind, id, text.size(), text));
                        }
                        kind = line.substring(2).replace(":", "").trim();
                        id = null;
                        text = new ArrayList<>();
                    }
                    if (kind != null && id == null && line.startsWith("    id: ")) {
                        id = line.substring("    id: ".length()).trim();
                    }
                    String trimmed = line.trim();
                    if (kind != null && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                        text.add(line);
                    }
                }
                if (kind != null) {
                    entries.add(new Entry(name, kind, id, text.size(), text));
                }
            }
        }
        assertThat(entries).as("routes/ read").hasSizeGreaterThan(50);
        return entries;
    }
}
