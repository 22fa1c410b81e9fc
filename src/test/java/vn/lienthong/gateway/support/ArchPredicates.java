package vn.lienthong.gateway.support;

import java.util.Optional;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import vn.lienthong.gateway.platform.Wiring;

/** Shared ArchUnit predicates. */
public final class ArchPredicates {

    private ArchPredicates() {
    }

    /** A flow's wiring: a class marked @Wiring, or one nested in it (its anonymous and inner classes). */
    public static final DescribedPredicate<JavaClass> WIRING = new DescribedPredicate<>("@Wiring (or nested in one)") {
        @Override
        public boolean test(JavaClass c) {
            for (Optional<JavaClass> k = Optional.of(c); k.isPresent(); k = k.get().getEnclosingClass()) {
                if (k.get().isAnnotatedWith(Wiring.class)) {
                    return true;
                }
            }
            return false;
        }
    };
}
