package vn.lienthong.gateway.molisa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import vn.lienthong.gateway.platform.UpstreamUnavailableException;

class BatchSplitterTest {

    private static final List<Integer> TEN = IntStream.rangeClosed(1, 10).boxed().toList();

    /** MOLISA-like: refuses any batch containing a bad record, naming the first one. */
    private static MolisaResult refusing(List<Integer> batch, Set<Integer> bad, List<List<Integer>> log) {
        log.add(batch);
        return batch.stream().filter(bad::contains).findFirst()
                .map(b -> new MolisaResult(2, "record " + b + " is bad"))
                .orElse(MolisaResult.success("ok"));
    }

    @Test
    void goodBatchIsOneCall() {
        List<List<Integer>> log = new ArrayList<>();
        BatchSplitter.Outcome<Integer> out = BatchSplitter.send(TEN, b -> refusing(b, Set.of(), log));
        assertThat(out.delivered()).isEqualTo(TEN);
        assertThat(out.rejected()).isEmpty();
        assertThat(out.calls()).isEqualTo(1);
        assertThat(out.complete()).isTrue();
    }

    @Test
    void bisectionIsolatesTheBadRecordsWithTheirOwnMessages() {
        List<List<Integer>> log = new ArrayList<>();
        BatchSplitter.Outcome<Integer> out = BatchSplitter.send(TEN, b -> refusing(b, Set.of(3, 8), log));
        assertThat(out.delivered()).containsExactly(1, 2, 4, 5, 6, 7, 9, 10);
        assertThat(out.rejected()).extracting(BatchSplitter.Rejection::record).containsExactly(3, 8);
        assertThat(out.rejected()).extracting(BatchSplitter.Rejection::message)
                .containsExactly("record 3 is bad", "record 8 is bad");
        // Every record is delivered at most once.
        assertThat(log.stream().filter(b -> refusing(b, Set.of(3, 8), new ArrayList<>()).ok()).flatMap(List::stream))
                .doesNotHaveDuplicates();
        assertThat(out.calls()).isLessThanOrEqualTo(2 * 2 * 4 + 1);
    }

    @Test
    void allBadRejectsAll() {
        BatchSplitter.Outcome<Integer> out = BatchSplitter.send(List.of(1, 2, 3),
                b -> new MolisaResult(5, "no"));
        assertThat(out.delivered()).isEmpty();
        assertThat(out.rejected()).hasSize(3);
    }

    @Test
    void unavailableAtTheStartPropagatesAndHalfWayKeepsTheRestForLater() {
        assertThatThrownBy(() -> BatchSplitter.send(TEN, b -> {
            throw new UpstreamUnavailableException("MOLISA answered HTTP 500");
        })).isInstanceOf(UpstreamUnavailableException.class);

        // Nothing settled yet ([1..10], [1..5], [1,2] refused, then the outage): retrying the whole batch is harmless.
        List<List<Integer>> log = new ArrayList<>();
        assertThatThrownBy(() -> BatchSplitter.send(TEN, b -> {
            if (log.size() == 3) {
                throw new UpstreamUnavailableException("MOLISA answered HTTP 500");
            }
            return refusing(b, Set.of(2), log);
        })).isInstanceOf(UpstreamUnavailableException.class);

        List<List<Integer>> log2 = new ArrayList<>();
        BatchSplitter.Outcome<Integer> later = BatchSplitter.send(TEN, b -> {
            if (log2.size() == 4) {
                throw new UpstreamUnavailableException("MOLISA answered HTTP 500");
            }
            return refusing(b, Set.of(2), log2);
        });
        // [1..10] x, [1..5] x, [1,2] x, [1] ok, then outage on [2]: 1 delivered, 2..10 kept.
        assertThat(later.delivered()).containsExactly(1);
        assertThat(later.undelivered()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(later.failure()).contains("HTTP 500");
    }

    @Test
    void chunks() {
        assertThat(BatchSplitter.chunks(TEN, 4)).containsExactly(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10));
        assertThat(BatchSplitter.chunks(List.of(), 4)).isEmpty();
    }
}
