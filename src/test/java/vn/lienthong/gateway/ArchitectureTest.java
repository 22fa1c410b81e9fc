package vn.lienthong.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Domain code stays plain Java: Camel is wiring, confined to the platform package and the YAML routes. */
@AnalyzeClasses(packages = "vn.lienthong.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainDoesNotImportCamel = noClasses()
            .that().resideOutsideOfPackage("vn.lienthong.gateway.platform..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
            .because("domain classes take and return plain values; routes/ wires them");

    @ArchTest
    static final ArchRule domainDoesNotUseTheSandbox = noClasses()
            .that().resideOutsideOfPackages("vn.lienthong.gateway.platform..", "vn.lienthong.gateway.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("vn.lienthong.gateway.sandbox..")
            .because("simulators are never on the production path");

    @ArchTest
    static final ArchRule flowsAreIndependent = noClasses()
            .that().resideInAPackage("vn.lienthong.gateway.catalog..")
            .should().dependOnClassesThat().resideInAPackage("vn.lienthong.gateway.ledger..");
}
