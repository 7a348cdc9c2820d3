package im.relay.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The API gateway's own rules. RelayArchitecture's layering rules are not applied here: the gateway has no endpoint,
 * controller, use case or repository for them to check, so they would pass on no class at all. Every rule below
 * checks every class of the gateway (ArchUnit fails a rule that matches none).
 */
@AnalyzeClasses(packages = "im.relay.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The gateway filters and routes HTTP; the use cases and their data live in the services behind it. */
    @ArchTest
    static final ArchRule holdsNoUseCaseOrDataAccess = noClasses()
            .should()
            .haveSimpleNameEndingWith("Service")
            .orShould()
            .haveSimpleNameEndingWith("Repository")
            .orShould()
            .haveSimpleNameEndingWith("Controller")
            .orShould()
            .haveSimpleNameEndingWith("GrpcEndpoint")
            .because("a rule about users, friends or messages belongs to the service that owns them");

    /** It reaches the services over their REST routes only: their gRPC ports are internal. */
    @ArchTest
    static final ArchRule speaksNoGrpc = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("im.relay.proto..", "io.grpc..")
            .because("the gateway forwards HTTP and WebSocket requests as they came");

    /** The feature packages (edge, page, ratelimit, routing) do not reach back into the wiring that assembles them. */
    @ArchTest
    static final ArchRule featuresDoNotDependOnTheWiring = noClasses()
            .that()
            .resideInAnyPackage("im.relay.gateway.*..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("im.relay.gateway");
}
