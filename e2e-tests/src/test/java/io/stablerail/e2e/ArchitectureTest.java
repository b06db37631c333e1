package io.stablerail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Checks the module and package rules over all six services (CONVENTIONS.md, "Layout"). */
class ArchitectureTest {

    static final Map<String, String> SERVICE_MODULES = Map.of(
            "gateway-api", "gateway", "deposit-service", "deposit", "withdrawal-service", "withdrawal",
            "confirmation-worker", "confirmation", "settlement-service", "settlement", "ledger-service", "ledger");

    static final JavaClasses PRODUCTION_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.stablerail");

    @Test
    void allSixServicesAreOnTheClasspathBeingChecked() {
        for (String servicePackage : SERVICE_MODULES.values()) {
            assertThat(PRODUCTION_CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith(
                    "io.stablerail." + servicePackage))).as(servicePackage).isTrue();
        }
    }

    @Test
    void serviceClassesDoNotUseAnotherServicesClasses() {
        ArchitectureRules.servicesDoNotDependOnEachOther("io.stablerail", ArchitectureRules.SERVICES)
                .check(PRODUCTION_CLASSES);
    }

    @Test
    void domainPackagesImportNoWebJdbcJpaOrKafkaTypes() {
        ArchitectureRules.domainPackagesAreFrameworkFree("io.stablerail", ArchitectureRules.SERVICES)
                .check(PRODUCTION_CLASSES);
    }

    @Test
    void noServiceModuleDeclaresADependencyOnAnotherServiceModule() throws IOException {
        // A test-scoped dependency (e.g. withdrawal-service starting the real ledger in its integration tests) is
        // allowed: it never reaches main code, which the class rules above check.
        Pattern dependencyBlock = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
        Pattern artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>");
        List<String> violations = new ArrayList<>();
        for (String module : SERVICE_MODULES.keySet()) {
            String pom = Files.readString(Path.of("..", module, "pom.xml"));
            String dependencies = pom.substring(pom.indexOf("<dependencies>"));
            Matcher block = dependencyBlock.matcher(dependencies);
            while (block.find()) {
                if (block.group(1).contains("<scope>test</scope>")) {
                    continue;
                }
                Matcher matcher = artifact.matcher(block.group(1));
                if (!matcher.find()) {
                    continue;
                }
                String dependency = matcher.group(1);
                if (SERVICE_MODULES.containsKey(dependency) && !dependency.equals(module)) {
                    violations.add(module + " -> " + dependency);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** The rules are not vacuous: on a fixture that breaks them, both report the violations. */
    @Test
    void theRulesCatchAViolatingFixture() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.stablerail.archfixture");
        List<String> services = List.of("ledger", "deposit");

        var independence = ArchitectureRules.servicesDoNotDependOnEachOther("io.stablerail.archfixture", services)
                .evaluate(fixture);
        var frameworkFree = ArchitectureRules.domainPackagesAreFrameworkFree("io.stablerail.archfixture", services)
                .evaluate(fixture);

        assertThat(independence.hasViolation()).isTrue();
        assertThat(independence.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("BadLedgerDomain") && line.contains("DepositAddressFixture"));
        assertThat(frameworkFree.hasViolation()).isTrue();
        assertThat(frameworkFree.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("RestController"))
                .anyMatch(line -> line.contains("KafkaTemplate"));
    }
}
