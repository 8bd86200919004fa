package io.didpool;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModuleDependency;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.NamedInterface;

/**
 * The feature packages (did, allocation, dialing, journey, …) are application modules: their dependencies form no
 * cycle, none reaches into another's internals, and each exposes only what other modules use.
 */
class ModularityTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(DidpoolApplication.class);

    /**
     * Public for other modules, though bytecode does not show it: constants they use in annotations, which javac
     * copies into the annotation.
     */
    private static final Set<String> USED_IN_ANNOTATIONS = Set.of("io.didpool.api.PlainText");

    @Test
    void theFeaturePackagesDependOnEachOtherWithoutCycles() {
        MODULES.verify();
    }

    /**
     * A public type in a module's base package (its API) that no other module uses is an internal made public by
     * mistake: every public type there is one another module's code names. Nested types count through the type that
     * holds them.
     */
    @Test
    void everyTypeAModuleExposesIsUsedByAnotherModule() {
        // what other modules use, and the application class in the root package (it names the CLI's commands)
        Stream<JavaClass> targets = Stream.concat(
                MODULES.stream().flatMap(module -> module.getDirectDependencies(MODULES).stream())
                        .map(ApplicationModuleDependency::getTargetType),
                new ClassFileImporter().importClasses(DidpoolApplication.class).get(DidpoolApplication.class)
                        .getDirectDependenciesFromSelf().stream().map(Dependency::getTargetClass));
        Set<String> used = targets
                .flatMap(type -> Stream.iterate(type, t -> t != null,
                        t -> t.getEnclosingClass().orElse(null)))
                .map(JavaClass::getName)
                .collect(Collectors.toSet());
        List<String> unused = MODULES.stream()
                .flatMap(ModularityTest::exposed)
                .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(type -> type.getEnclosingClass().isEmpty())
                .map(JavaClass::getName)
                .filter(name -> !used.contains(name) && !USED_IN_ANNOTATIONS.contains(name))
                .sorted()
                .toList();
        assertThat(unused).as("public types no other module uses").isEmpty();
    }

    private static Stream<JavaClass> exposed(ApplicationModule module) {
        return module.getNamedInterfaces().stream().flatMap(NamedInterface::asJavaClasses);
    }
}
