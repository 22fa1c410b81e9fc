package vn.lienthong.gateway.sandbox;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PMHT simulator's own register of registering units (resource {@code sandbox/pmht/unit-provinces.csv}, GSO
 * codes with validity periods): which province a {@code maDonVi} belongs to on a registration date. Seed 000,
 * common error 1: PMHT files a dossier under the unit it was pushed with and computes that unit from the
 * registration date; a code that names no unit on that date files the dossier under nobody. Kept apart from the
 * gateway's catalogue so a misread there cannot hide here.
 */
final class PmhtUnits {

    static final String RESOURCE = "/sandbox/pmht/unit-provinces.csv";
    private static final LocalDate FIRST_SNAPSHOT = LocalDate.of(2004, 8, 31);

    private record Period(String province, LocalDate from, LocalDate to) {
    }

    private static volatile PmhtUnits instance;

    private final Map<String, List<Period>> periods;

    private PmhtUnits(Map<String, List<Period>> periods) {
        this.periods = periods;
    }

    static PmhtUnits get() {
        PmhtUnits u = instance;
        if (u == null) {
            synchronized (PmhtUnits.class) {
                if (instance == null) {
                    instance = load();
                }
                u = instance;
            }
        }
        return u;
    }

    /**
     * Seed 000's training accounts (ward 07219 Phường Lê Lợi and district 213 TP Bắc Giang, province 24): the
     * Ministry's test environment keeps them as its units whatever the date, although the real units were merged
     * away on 2025-01-01. The simulator plays that test environment.
     */
    private static final Map<String, String> TEST_ACCOUNTS = Map.of("07219", "24", "213", "24");

    /** The province (maTinh) of the unit on that date; empty when the code names no unit then. */
    Optional<String> provinceOf(String maDonVi, LocalDate on) {
        for (Period p : periods.getOrDefault(maDonVi, List.of())) {
            if (!on.isBefore(p.from()) && (p.to() == null || on.isBefore(p.to()))) {
                return Optional.of(p.province());
            }
        }
        return Optional.ofNullable(TEST_ACCOUNTS.get(maDonVi));
    }

    private static PmhtUnits load() {
        Map<String, List<Period>> out = new HashMap<>();
        try (InputStream in = PmhtUnits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] c = line.split(",", -1);
                LocalDate from = c[2].isEmpty() ? FIRST_SNAPSHOT : LocalDate.parse(c[2]);
                LocalDate to = c[3].isEmpty() ? null : LocalDate.parse(c[3]);
                out.computeIfAbsent(c[0], k -> new ArrayList<>()).add(new Period(c[1], from, to));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new PmhtUnits(Map.copyOf(out));
    }
}
