package vn.lienthong.gateway.molisa;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import vn.lienthong.gateway.civil.Problem;

/**
 * Outcome of mapping one one-stop-shop record: the exact MOLISA wire object, the problems that reject it, or "not a
 * social-assistance procedure" (answered, never sent). {@code toString()} never prints the record: it holds names
 * and ID numbers.
 */
public sealed interface MappingResult {

    /** "MAPPED", "REJECTED" or "NOT_SOCIAL_ASSISTANCE": handy for a route's choice(). */
    String status();

    /** MaHoSo of the input, or null when it had none. */
    String maHoSo();

    default boolean isMapped() {
        return this instanceof Mapped;
    }

    /** Ready to send: {@code record} keeps the table's field order and spelling. */
    record Mapped(MolisaFieldSpec.Table table, String maHoSo, Map<String, Object> record, List<Problem> warnings)
            implements MappingResult {
        private static final ObjectMapper JSON = new ObjectMapper();

        /**
         * @param warnings what was adjusted without rejecting the record (an unknown optional value left empty, a
         *                 derived MaHuyen): field + reason, for the trail; never values
         */
        public Mapped {
            record = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(record));
            warnings = List.copyOf(warnings);
        }

        public Mapped(MolisaFieldSpec.Table table, String maHoSo, Map<String, Object> record) {
            this(table, maHoSo, record, List.of());
        }

        @Override
        public String status() {
            return "MAPPED";
        }

        /** The wire object as a JSON string. */
        public String json() {
            try {
                return JSON.writeValueAsString(record);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot serialise a MOLISA record", e);
            }
        }

        @Override
        public String toString() {
            return "Mapped[" + table.operation() + " MaHoSo=" + maHoSo + "]";
        }
    }

    /** Rejected with every problem found (field + reason). */
    record Rejected(String maHoSo, List<Problem> problems) implements MappingResult {
        public Rejected {
            problems = List.copyOf(problems);
        }

        @Override
        public String status() {
            return "REJECTED";
        }
    }

    /** Not one of the 11 procedures: the route answers this instead of sending. */
    record NotSocialAssistance(String maHoSo, String maTTHC, String message) implements MappingResult {
        @Override
        public String status() {
            return "NOT_SOCIAL_ASSISTANCE";
        }
    }
}
