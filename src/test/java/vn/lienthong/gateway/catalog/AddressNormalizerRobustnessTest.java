package vn.lienthong.gateway.catalog;

import org.junit.jupiter.api.Test;
import vn.lienthong.gateway.civil.AddressOutcome;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class AddressNormalizerRobustnessTest {

    private static final LocalDate[] DATES = {LocalDate.of(2024, 1, 1), LocalDate.of(2025, 6, 30),
            LocalDate.of(2025, 7, 1), LocalDate.of(2026, 7, 13), LocalDate.MIN, LocalDate.MAX};

    private final CatalogAddressNormalizer normalizer = new CatalogAddressNormalizer(AdminUnitCatalog.loadDefault());

    @Test
    void oddInputsNeverThrow() {
        List<Object> inputs = new ArrayList<>(Arrays.asList(
                "", " ", ",", ",,,,,,", " - - - ", ";;\n\r,", "Việt Nam", "Hà Nội", ", Hà Nội", "Hà Nội,",
                "P.", "P.0", "Phường 000000000000000000000000000", "Q.", "TP.", "T.", "Tỉnh", "Thành phố, Thành phố",
                "x".repeat(10_000), "Phường Ba Đình, ".repeat(2_000) + "Hà Nội", "a,".repeat(5_000),
                "😀😀, 🇻🇳, Hà Nội", "\u0000\u0001\u0002", "\uD800", "\u0301\u0301\u0301, Hà Nội",
                "Ⅻ, ⑤, Ｈà Ｎội", "ﷺ, ﬁ, Hà Nội", "\u202Eioน aH ,gnạL", " - Hà Nội - ", "-,-,-",
                12345, 0.5, true, List.of("Hà Nội"), new Object(), Map.of(), Map.of("maTinh", List.of("01")),
                Map.of("maTinh", Map.of(), "maXa", 19), new HashMap<>(Map.of("", "")), mapWithNulls()));
        for (Object raw : inputs) {
            for (LocalDate date : DATES) {
                for (String unit : new String[] {null, "", ",", "Hà Nội", "x".repeat(10_000), "😀"}) {
                    assertThatCode(() -> {
                        AddressOutcome out = normalizer.normalize("data.x", raw, unit, date);
                        assertNoHiddenFailure(out);
                    }).as("%s / %s / %s", abbreviate(raw), abbreviate(unit), date).doesNotThrowAnyException();
                }
            }
            assertThatCode(() -> normalizer.normalize(null, raw, null, null)).doesNotThrowAnyException();
        }
    }

    @Test
    void tenThousandCharactersAreRejectedNotParsed() {
        AddressOutcome out = normalizer.normalize("data.x", "x".repeat(10_000), null, DATES[0]);
        assertThat(out).isInstanceOf(AddressOutcome.Invalid.class);
    }

    @Test
    void randomFragmentsNeverThrow() {
        String[] parts = {"Phường", "P.", "Xã", "Quận", "Q.", "Huyện", "TP.", "Tỉnh", "Hà Nội", "Ba Đình", "Điện Biên",
                "Võ Cường", "Bắc Ninh", "5", "05", "Bà Rịa", "Vũng Tàu", "Hồ Chí Minh", "Tân An", "Tân Minh", ",", " - ",
                ";", "\u0301", "đ", "Đ", "😀", " ", "-", ".", "0"};
        Random random = new Random(20260713);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(parts[random.nextInt(parts.length)]);
                if (random.nextBoolean()) {
                    sb.append(' ');
                }
            }
            String raw = sb.toString();
            LocalDate date = DATES[random.nextInt(4)];
            assertThatCode(() -> assertNoHiddenFailure(normalizer.normalize("data.x", raw, null, date)))
                    .as(raw).doesNotThrowAnyException();
        }
    }

    /** The normalizer's last-resort catch must not be what kept it from throwing. */
    private static void assertNoHiddenFailure(AddressOutcome out) {
        assertThat(out).isNotNull();
        if (out instanceof AddressOutcome.Invalid invalid) {
            assertThat(invalid.problems()).isNotEmpty()
                    .noneMatch(p -> p.reason().equals("address could not be processed"));
        }
    }

    private static Map<String, Object> mapWithNulls() {
        Map<String, Object> m = new HashMap<>();
        m.put("maTinh", null);
        m.put("maXa", null);
        m.put(null, "x");
        return m;
    }

    private static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
