package vn.lienthong.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.Arrays;
import java.util.List;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import vn.lienthong.gateway.civil.PersonalData;
import vn.lienthong.gateway.civil.Problem;
import vn.lienthong.gateway.platform.Wiring;
import vn.lienthong.gateway.support.ArchPredicates;

/**
 * Packages by feature: each flow wires itself (its FlowModule lives in its package) and imports no other flow and
 * not the sandbox; platform (broker, database, HTTP server, security plumbing, Camel Main) imports no flow; the
 * sandbox imports no flow. Shared kernels (ledger, catalog, security) may be used by all. Camel is wiring: platform
 * and the classes marked {@link Wiring}.
 */
@AnalyzeClasses(packages = "vn.lienthong.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final List<String> FLOWS = List.of("civil", "molisa", "dvcqg", "health", "ops", "acceptance");

    @ArchTest
    static final ArchRule domainDoesNotImportCamel = noClasses()
            .that().resideOutsideOfPackage("vn.lienthong.gateway.platform..")
            .and(not(ArchPredicates.WIRING))
            .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
            .because("domain classes take and return plain values; routes/ and the flows' @Wiring classes wire them");

    @ArchTest
    static final ArchRule domainDoesNotUseTheSandbox = noClasses()
            .that().resideOutsideOfPackage("vn.lienthong.gateway.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("vn.lienthong.gateway.sandbox..")
            .because("simulators are never on the production path (SandboxModule starts them in the sandbox)");

    @ArchTest
    static final ArchRule platformImportsNoFlow = noClasses()
            .that().resideInAPackage("vn.lienthong.gateway.platform..")
            .should().dependOnClassesThat().resideInAnyPackage(packages(FLOWS, "sandbox"))
            .because("flows depend on platform, never the reverse: Gateway finds the modules with ServiceLoader");

    @ArchTest
    static final ArchRule civilIsIndependent = flowIsIndependent("civil");

    /** Known debt: the MOLISA field checks report civil's Problem. */
    @ArchTest
    static final ArchRule molisaIsIndependent = flowIsIndependent("molisa", Problem.class);

    @ArchTest
    static final ArchRule dvcqgIsIndependent = flowIsIndependent("dvcqg");

    @ArchTest
    static final ArchRule healthIsIndependent = flowIsIndependent("health");

    /** Known debt: the console's payload display masks with civil's PersonalData. */
    @ArchTest
    static final ArchRule opsIsIndependent = flowIsIndependent("ops", PersonalData.class);

    /**
     * The simulators stand for other systems: they hold their own copy of the seeds' tables and examples (resources
     * under sandbox/) and may use platform plumbing (FlowModule, Setting), but no flow's domain classes, so that a
     * table a flow misread cannot be mirrored by the simulator that should catch it. No known debt.
     */
    @ArchTest
    static final ArchRule sandboxImportsNoFlowDomainClasses = noClasses()
            .that().resideInAPackage("vn.lienthong.gateway.sandbox..")
            .should().dependOnClassesThat(resideInAnyPackage(packages(FLOWS, "catalog", "ledger")))
            .because("the simulators must reproduce the seeds, not the flows' reading of them");

    /** The go-live run drives the gateway through its queues and reads the ledger; it shares no flow's code. */
    @ArchTest
    static final ArchRule acceptanceIsIndependent = flowIsIndependent("acceptance");

    @ArchTest
    static final ArchRule catalogDoesNotUseTheLedger = noClasses()
            .that().resideInAPackage("vn.lienthong.gateway.catalog..")
            .should().dependOnClassesThat().resideInAPackage("vn.lienthong.gateway.ledger..");

    /** No class of {@code flow} uses another flow's classes (except the listed known debt) or the sandbox. */
    static ArchRule flowIsIndependent(String flow, Class<?>... allowed) {
        List<String> others = FLOWS.stream().filter(f -> !f.equals(flow)).toList();
        return noClasses().that().resideInAPackage("vn.lienthong.gateway." + flow + "..")
                .should().dependOnClassesThat(flowClassesExcept(others, allowed)
                        .or(resideInAnyPackage("vn.lienthong.gateway.sandbox.."))
                        .as("classes of another flow " + others + (allowed.length == 0 ? "" : " (known debt: "
                                + Arrays.stream(allowed).map(Class::getSimpleName).toList() + ")") + " or of the sandbox"))
                .because("each flow wires itself and flows do not import each other");
    }

    private static DescribedPredicate<JavaClass> flowClassesExcept(List<String> flows, Class<?>... allowed) {
        DescribedPredicate<JavaClass> inFlows = resideInAnyPackage(packages(flows));
        return allowed.length == 0 ? inFlows
                : inFlows.and(not(belongToAnyOf(allowed))).as("classes of " + flows + " other than " + Arrays.stream(allowed)
                        .map(Class::getSimpleName).toList());
    }

    private static String[] packages(List<String> flows, String... more) {
        return java.util.stream.Stream.concat(flows.stream(), Arrays.stream(more))
                .map(p -> "vn.lienthong.gateway." + p + "..").toArray(String[]::new);
    }
}
