package io.stablerail.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;
import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The layout rules of CONVENTIONS.md, parameterized by root package so they can be shown to fail on a fixture.
 * <ul>
 *   <li>A service's classes never use another service's classes (they talk through common-events and HTTP).</li>
 *   <li>A service's domain packages ({@code <root>.<service>.<feature>}) import no web, JDBC/JPA or Kafka types;
 *       those belong in adapter sub-packages ({@code .web}, {@code .persistence}, {@code .messaging}, …).</li>
 * </ul>
 */
final class ArchitectureRules {

    static final List<String> SERVICES =
            List.of("gateway", "deposit", "withdrawal", "confirmation", "settlement", "ledger");

    static final String[] FRAMEWORK_PACKAGES = {
            "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
            "jakarta.persistence..", "org.hibernate..", "org.springframework.jdbc..", "java.sql..",
            "org.springframework.kafka..", "org.apache.kafka.."};

    private ArchitectureRules() {
    }

    static ArchRule servicesDoNotDependOnEachOther(String root, List<String> services) {
        CompositeArchRule rule = null;
        for (String service : services) {
            String[] others = services.stream().filter(other -> !other.equals(service))
                    .map(other -> root + "." + other + "..").toArray(String[]::new);
            ArchRule one = noClasses().that().resideInAPackage(root + "." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .allowEmptyShould(true);
            rule = rule == null ? CompositeArchRule.of(one) : rule.and(one);
        }
        return rule;
    }

    static ArchRule domainPackagesAreFrameworkFree(String root, List<String> services) {
        Pattern domain = Pattern.compile(Pattern.quote(root) + "\\.(" + String.join("|", services) + ")\\.[a-z0-9]+");
        DescribedPredicate<JavaClass> inDomainPackage = DescribedPredicate.describe(
                "reside in a service domain package " + domain.pattern(),
                javaClass -> domain.matcher(javaClass.getPackageName()).matches());
        return noClasses().that(inDomainPackage)
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORK_PACKAGES)
                .allowEmptyShould(true);
    }
}
