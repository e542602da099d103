package dev.nanite.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each published jar is a module of its own name, as a module path sees it: an automatic module
 * named by its manifest, not by its file name, whose packages no other jar shares. Runs on the
 * packaged jars, which this module's tests see after {@code package}; skipped where a class
 * comes from a folder.
 */
class ModuleNamesTest {
  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "dev.nanite.annotations.Actor     | dev.nanite.annotations | dev.nanite.annotations",
      "dev.nanite.Agent                 | dev.nanite.runtime | dev.nanite dev.nanite.stub"
          + " dev.nanite.internal.",
      "dev.nanite.broker.EmbeddedBroker | dev.nanite.broker      | dev.nanite.broker",
      "dev.nanite.contract.Fingerprint  | dev.nanite.contract    | dev.nanite.contract",
  })
  void theJarIsAnAutomaticModuleOfItsName(String className, String name, String packages)
      throws Exception {
    Path jar = Path.of(Class.forName(className).getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    assumeTrue(Files.isRegularFile(jar), className + " comes from a folder: " + jar);
    List<ModuleReference> found = List.copyOf(ModuleFinder.of(jar).findAll());
    assertEquals(1, found.size(), jar.toString());
    ModuleDescriptor module = found.get(0).descriptor();
    assertEquals(name, module.name(), jar.toString());
    assertTrue(module.isAutomatic(), jar.toString());
    List<String> own = Arrays.asList(packages.split(" "));
    Set<String> others = module.packages().stream()
        .filter(p -> own.stream().noneMatch(o -> o.endsWith(".") ? p.startsWith(o) : p.equals(o)))
        .collect(Collectors.toSet());
    assertEquals(Set.of(), others, "packages of " + jar + " outside " + own);
  }
}
