package vn.lienthong.gateway.civil;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static vn.lienthong.gateway.support.ArchPredicates.WIRING;

/** The civil package is plain Java: no Camel outside its wiring, and no logging (dossiers carry personal data). */
class CivilArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("vn.lienthong.gateway.civil");

    /** Except its wiring (CivilModule, CivilMessages: marked @Wiring), which adapts the domain classes to Camel. */
    @Test
    void noCamel() {
        noClasses().that(not(WIRING))
                .should().dependOnClassesThat().resideInAPackage("org.apache.camel..").check(classes);
    }

    @Test
    void noLogging() {
        // the wiring (CivilSteps) keeps the log lines the routes wrote: run outcomes and dossier codes, never contents
        noClasses().that(not(WIRING)).should().dependOnClassesThat().resideInAnyPackage("org.slf4j..", "ch.qos.logback..",
                "java.util.logging..", "org.apache.logging..").check(classes);
        noClasses().should().accessField(System.class, "out").orShould().accessField(System.class, "err").check(classes);
    }
}
