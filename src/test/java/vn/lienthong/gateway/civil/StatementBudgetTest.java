package vn.lienthong.gateway.civil;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.lienthong.gateway.support.Dossiers.json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.lienthong.gateway.sandbox.DvcltSimulator;
import vn.lienthong.gateway.support.Dossiers;
import vn.lienthong.gateway.support.GatewayHarness;

/**
 * What one valid dossier costs the database from intake to its three DVCLT updates (1, 3, 7), counted in the
 * embedded HSQLDB's own log of executed SQL ({@code hsqldb.sqllog=3}: every statement with its parameters, and every
 * commit): the statements that name the dossier, and the transactions they ran in. Unlike CPU time on this shared
 * host these counts do not move between runs, so a change that adds a statement or a transaction to every dossier
 * fails here. The budgets are the counts measured when they were set (BENCHMARKS.md, "The relay reads a dossier's
 * updates once"); lower them when a change takes work out.
 */
class StatementBudgetTest {

    /**
     * Statements naming the dossier: 33. There were 37 before the relay claimed the next update without reading the
     * dossier's rows again (-2), intake queued DVCLT 1 and 3 with one read (-1) and a push decided at intake stopped
     * looking for an officer's waiting copy (-1).
     */
    static final int STATEMENT_BUDGET = 33;
    /** Transactions in which such statements ran: 10 (11 before the waiting copy's look-up went). */
    static final int TRANSACTION_BUDGET = 10;

    private static final Pattern LINE = Pattern.compile("^\\S+ \\S+ (\\d+) (.*)$");

    @TempDir
    Path dir;

    @Test
    void aValidDossierCostsNoMoreStatementsAndTransactionsThanItsBudget() throws Exception {
        Path log = dir.resolve("gateway.sql.log");
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            codes.add("SB" + System.nanoTime() % 100_000_000 + "-" + i);
        }
        try (GatewayHarness gw = GatewayHarness.start(Map.of("DB_URL", "jdbc:hsqldb:file:"
                + dir.resolve("gateway").toAbsolutePath() + ";hsqldb.tx=mvcc;sql.pad_space=false;hsqldb.sqllog=3"))) {
            DvcltSimulator dvclt = gw.gateway().bean("dvcltSimulator", DvcltSimulator.class);
            for (String code : codes) {
                gw.send("civil.dossier.inbound", json(Dossiers.birth(code)));
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> codes.stream().allMatch(c -> dvclt.statuses(c).size() >= 3));
            for (String code : codes) {
                assertThat(dvclt.statuses(code)).as(code).containsExactly(1, 3, 7);
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gw.browse("civil.status.outbound").isEmpty());
        } // closing shuts the database down, which writes the rest of its SQL log

        Map<String, Integer> statements = new HashMap<>();
        Map<String, Set<String>> transactions = new HashMap<>();
        // a session's transaction ends at each COMMIT line; the statements between belong to one transaction
        Map<String, Integer> epoch = new HashMap<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String session = m.group(1);
            String sql = m.group(2);
            if (sql.startsWith("COMMIT") || sql.startsWith("ROLLBACK")) {
                epoch.merge(session, 1, Integer::sum);
                continue;
            }
            for (String code : codes) {
                if (sql.contains("'" + code + "'")) {
                    statements.merge(code, 1, Integer::sum);
                    transactions.computeIfAbsent(code, k -> new HashSet<>()).add(session + "/" + epoch.getOrDefault(session, 0));
                }
            }
        }
        // the counts, for BENCHMARKS.md and for whoever lowers the budgets
        System.out.println("statements per dossier " + statements + ", transactions "
                + transactions.values().stream().map(Set::size).toList());
        for (String code : codes) {
            assertThat(statements.getOrDefault(code, 0)).as("statements naming %s", code)
                    .isPositive().isLessThanOrEqualTo(STATEMENT_BUDGET);
            assertThat(transactions.getOrDefault(code, Set.of())).as("transactions of %s", code)
                    .isNotEmpty().hasSizeLessThanOrEqualTo(TRANSACTION_BUDGET);
        }
    }
}
