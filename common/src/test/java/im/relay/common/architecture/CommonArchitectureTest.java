package im.relay.common.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "im.relay.common", importOptions = ImportOption.DoNotIncludeTests.class)
class CommonArchitectureTest {

    @ArchTest
    static final ArchTests layering = ArchTests.in(RelayArchitecture.class);

    /** The shared platform knows no service and no contract: services depend on it, never the reverse. */
    @ArchTest
    static final ArchRule commonDependsOnNoServiceOrContract = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "im.relay.proto..",
                    "im.relay.auth..",
                    "im.relay.user..",
                    "im.relay.friend..",
                    "im.relay.group..",
                    "im.relay.privatemessage..",
                    "im.relay.groupmessage..",
                    "im.relay.messagegateway..",
                    "im.relay.gateway..");

    /** Configuration loads before Spring's web layer exists; it must not need it. */
    @ArchTest
    static final ArchRule configurationNeedsNoWebLayer = noClasses()
            .that()
            .resideInAPackage("im.relay.common.config..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework.web..", "io.grpc..");
}
