package vn.lienthong.gateway.civil;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects problems up to a cap, so a hostile input cannot make the reply itself huge. */
final class ProblemList {

    static final int DEFAULT_CAP = 100;

    private final int cap;
    private final List<Problem> problems = new ArrayList<>();
    private int dropped;

    ProblemList() {
        this(DEFAULT_CAP);
    }

    ProblemList(int cap) {
        this.cap = cap;
    }

    void add(String field, String reason) {
        add(new Problem(field, reason));
    }

    void add(Problem p) {
        if (problems.size() < cap) {
            problems.add(p);
        } else {
            dropped++;
        }
    }

    void addAll(Collection<Problem> ps) {
        ps.forEach(this::add);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<Problem> toList() {
        List<Problem> out = new ArrayList<>(problems);
        if (dropped > 0) {
            out.add(new Problem("$", dropped + " more problems not listed"));
        }
        return List.copyOf(out);
    }
}
