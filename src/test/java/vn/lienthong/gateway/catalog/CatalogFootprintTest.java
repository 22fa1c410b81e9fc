package vn.lienthong.gateway.catalog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the catalogue (current + 2004-2025 history + mapping) costs: heap retained, measured as used heap after
 * full GCs with and without a freshly loaded copy held, and load time. Median of several runs, printed for
 * docs/domain.md; the bounds keep start-up and the 512 MB benchmark heap safe.
 */
class CatalogFootprintTest {

    private static final int RUNS = 5;

    @Test
    void catalogueHeapAndLoadTimeStayWithinBudget() {
        long c0 = System.nanoTime();
        AdminUnitCatalog.load(); // the first (cold) load is what start-up pays; the runs below are warm
        long coldMs = (System.nanoTime() - c0) / 1_000_000;
        List<Long> bytes = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long before = usedAfterGc();
            long t0 = System.nanoTime();
            AdminUnitCatalog held = AdminUnitCatalog.load();
            millis.add((System.nanoTime() - t0) / 1_000_000);
            long after = usedAfterGc();
            assertThat(held.size(Era.PRE_REFORM)).isEqualTo(10_047); // keeps the copy alive until measured
            bytes.add(after - before);
        }
        long mb = median(bytes) / (1024 * 1024);
        long ms = median(millis);
        System.out.printf("admin unit catalogue: retained ~%d MB (runs %s bytes), cold load %d ms, warm load %d ms"
                + " (runs %s ms)%n", mb, bytes, coldMs, ms, millis);
        assertThat(mb).as("retained heap, MB").isBetween(1L, 40L);
        assertThat(ms).as("warm load time, ms").isLessThan(2_000L);
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Long::compare);
        return sorted.get(sorted.size() / 2);
    }
}
