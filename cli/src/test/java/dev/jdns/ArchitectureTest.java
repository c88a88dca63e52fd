package dev.jdns;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code base, as rules the build checks: the modules are layered cli -> {resolver, authoritative}
 * -> transport, and no package depends on itself through others. The test lives in the cli module because only
 * its test class path holds the classes of every module (cli depends on all three others); it sits in the root
 * package {@code dev.jdns} because it is about all of them, not about the cli. Benchmarks are a separate tool and are
 * not on this class path.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // The other modules come as target/classes in an IDE or a module-only build and as jars in a reactor
        // `mvn verify`: both are imported; test classes are left out, including transport's test-jar.
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.jdns");
    }

    @Test
    void everyModuleHasBeenImported() {
        // Guards the rules below against passing vacuously on a class path that lost a module.
        for (String module : new String[] {"transport", "authoritative", "resolver", "cli"}) {
            String prefix = "dev.jdns." + module + ".";
            if (main.stream().noneMatch(c -> c.getName().startsWith(prefix))) {
                throw new AssertionError("no classes of " + module + " on the class path");
            }
        }
    }

    /**
     * transport carries bytes for both servers and knows neither; the authoritative server and the resolver share
     * only transport; nothing but the launcher's own packages depends on the cli.
     */
    @Test
    void modulesAreLayeredCliOverServersOverTransport() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("dev.jdns.cli..")
                .layer("resolver").definedBy("dev.jdns.resolver..")
                .layer("authoritative").definedBy("dev.jdns.authoritative..")
                .layer("transport").definedBy("dev.jdns.transport..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("resolver").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("authoritative").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("transport").mayOnlyBeAccessedByLayers("cli", "resolver", "authoritative")
                .check(main);
    }

    /**
     * Operations libraries stay at the edge: only cli.metrics sees Prometheus (the servers count through
     * transport's ServerMetrics interface into transport.metrics' plain adders, which the front end itself never
     * names), and only cli.config sees the YAML parser.
     */
    @Test
    void prometheusAndYamlStayInTheirCliPackages() {
        noClasses().that().resideOutsideOfPackage("dev.jdns.cli.metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..").check(main);
        noClasses().that().resideOutsideOfPackage("dev.jdns.cli.config..")
                .should().dependOnClassesThat().resideInAPackage("org.snakeyaml..").check(main);
        noClasses().that().resideInAPackage("dev.jdns.transport")
                .should().dependOnClassesThat().resideInAPackage("dev.jdns.transport.metrics..").check(main);
    }

    /** A cycle between packages means neither can be read, tested or moved without the other. */
    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("dev.jdns.(**)").should().beFreeOfCycles().check(main);
    }
}
