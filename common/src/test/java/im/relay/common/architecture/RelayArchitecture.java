package im.relay.common.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The layering every service follows (CONVENTIONS.md), shared through relay-common's test jar:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "im.relay.friend", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *     @ArchTest
 *     static final ArchTests layering = ArchTests.in(RelayArchitecture.class);
 * }
 * }</pre>
 */
public final class RelayArchitecture {

    private RelayArchitecture() {}

    /** Adapters map and delegate; data access belongs to the use cases. */
    @ArchTest
    static final ArchRule adaptersDoNotReachRepositories = noClasses()
            .that()
            .haveSimpleNameEndingWith("GrpcEndpoint")
            .or()
            .haveSimpleNameEndingWith("Controller")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("Repository")
            .allowEmptyShould(true)
            .because("endpoints and controllers go through a *Service");

    @ArchTest
    static final ArchRule useCasesDoNotKnowTheirAdapters = noClasses()
            .that()
            .haveSimpleNameEndingWith("Service")
            .or()
            .haveSimpleNameEndingWith("Repository")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("GrpcEndpoint")
            .orShould()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("Controller")
            .allowEmptyShould(true)
            .because("use cases and data access serve every adapter alike");

    @ArchTest
    static final ArchRule repositoriesAreTheBottomLayer = noClasses()
            .that()
            .haveSimpleNameEndingWith("Repository")
            .should()
            .dependOnClassesThat()
            .haveSimpleNameEndingWith("Service")
            .allowEmptyShould(true);

    private static final List<String> EDGES =
            List.of("GrpcEndpoint", "Client", "EventPublisher", "EventListener", "Mapper");

    /** An edge class, or a class nested in one (lambdas, switch maps, records). */
    private static final DescribedPredicate<JavaClass> AT_THE_EDGE =
            DescribedPredicate.describe("endpoints, clients, event publishers and listeners, mappers", type -> {
                String name = type.getName();
                String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
                String simpleName = topLevel.substring(topLevel.lastIndexOf('.') + 1);
                return EDGES.stream().anyMatch(simpleName::endsWith);
            });

    /** Proto types never leave endpoint, client and event classes (CONVENTIONS.md, Contracts). */
    @ArchTest
    static final ArchRule protoTypesStayAtTheEdges = noClasses()
            .that()
            .resideOutsideOfPackage("im.relay.proto..")
            .and(DescribedPredicate.not(AT_THE_EDGE))
            .should()
            .dependOnClassesThat()
            .resideInAPackage("im.relay.proto..")
            .allowEmptyShould(true)
            .because("the domain does not change when a contract does");
}
