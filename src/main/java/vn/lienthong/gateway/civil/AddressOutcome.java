package vn.lienthong.gateway.civil;

import java.util.List;

/** What the address normalizer made of one address field. */
public sealed interface AddressOutcome {

    /** Exactly one unit matched. */
    record Resolved(PmhtAddress address) implements AddressOutcome {
    }

    /** Several units match: an operator must choose. Never guessed. */
    record Ambiguous(String field, String input, List<AddressCandidate> candidates) implements AddressOutcome {
    }

    /** Nothing matched, or the codes given are unknown / not valid at the registration date. */
    record Invalid(List<Problem> problems) implements AddressOutcome {
    }
}
