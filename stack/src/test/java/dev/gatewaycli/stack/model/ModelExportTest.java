package dev.gatewaycli.stack.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.stack.GatewayStack;
import dev.gatewaycli.stack.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Template;

/** What the build puts in the {@code model} jar for the emulator: the files it needs, and an index naming them. */
class ModelExportTest {

    @Test
    void exportWhenSynthesizedThenModelHoldsManifestTemplateAssetsAndFunctionJarListedInIndex(@TempDir Path tmp)
            throws Exception {
        Path cdkOut = tmp.resolve("cdk.out");
        Path modelDir = tmp.resolve("model");
        // A stale file from an earlier build must not reach the model.
        Files.createDirectories(cdkOut);
        Files.writeString(cdkOut.resolve("asset.0000.jar"), "stale");

        List<String> exported = ModelExport.export(TestApps.handlerJar(), cdkOut, modelDir);

        Path model = modelDir.resolve("gateway-model");
        assertThat(Files.readAllLines(model.resolve("index.txt")))
                .as("index.txt")
                .isEqualTo(exported);
        assertThat(exported)
                .as("exported files")
                .startsWith("manifest.json", "GatewayCliStack.template.json")
                .contains("GatewayCliStack.assets.json")
                .doesNotContain("asset.0000.jar", "tree.json");
        List<String> jars = exported.stream()
                .filter(n -> n.matches("asset\\.[0-9a-f]{64}\\.jar"))
                .toList();
        assertThat(jars).as("exactly one asset: the function's jar").hasSize(1);
        assertThat(Files.mismatch(model.resolve(jars.get(0)), TestApps.handlerJar()))
                .as("the exported asset is byte for byte the handler jar")
                .isEqualTo(-1L);
        for (String name : exported) {
            assertThat(model.resolve(name)).as("exported file %s", name).isRegularFile();
        }

        Template template = Template.fromString(Files.readString(model.resolve("GatewayCliStack.template.json")));
        template.hasResource("AWS::Lambda::Function", Map.of("Metadata", Map.of("aws:asset:path", jars.get(0))));
        assertThat(template.findResources("AWS::Lambda::Function")).containsOnlyKeys(GatewayStack.FUNCTION_ID);
        assertThat(Files.readString(model.resolve("GatewayCliStack.assets.json")))
                .as("asset manifest names the jar")
                .contains(jars.get(0));
    }
}
