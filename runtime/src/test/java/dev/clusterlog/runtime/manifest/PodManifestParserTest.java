package dev.clusterlog.runtime.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clusterlog.runtime.manifest.PodManifest.RestartPolicy;
import dev.clusterlog.runtime.manifest.PodManifest.VolumeSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PodManifestParserTest {
    private final PodManifestParser parser = new PodManifestParser();

    @Test
    void parsesTheConceptsExamplesUnchanged() throws Exception {
        for (String name : new String[] {"counter-pod.yaml", "two-files-counter-pod.yaml",
                "two-files-counter-pod-streaming-sidecar.yaml", "two-files-counter-pod-agent-sidecar.yaml"}) {
            Path file = Path.of("/work/shared/examples", name);
            if (Files.exists(file)) {
                PodManifest pod = parser.parse(name, Files.readString(file));
                assertThat(pod.name()).isEqualTo("counter");
                assertThat(pod.namespace()).isEqualTo("default");
                assertThat(pod.restartPolicy()).isEqualTo(RestartPolicy.ALWAYS);
            }
        }
    }

    @Test
    void yamlPodWithEnvMountsAndDefaults() throws Exception {
        PodManifest pod = parser.parse("p.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: shop, uid: u-1, labels: {app: web}}
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: app
                    command: [/bin/sh, -c]
                    args: ['echo $(GREETING)']
                    workingDir: /work
                    env: [{name: GREETING, value: hi}]
                    volumeMounts: [{name: data, mountPath: /data, readOnly: true}]
                  volumes:
                  - name: data
                    hostPath: {path: /tmp}
                """);
        assertThat(pod.uid()).isEqualTo("u-1");
        assertThat(pod.labels()).containsEntry("app", "web");
        assertThat(pod.restartPolicy()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(pod.containers().get(0).argv()).containsExactly("/bin/sh", "-c", "echo $(GREETING)");
        assertThat(pod.containers().get(0).env()).containsEntry("GREETING", "hi");
        assertThat(pod.containers().get(0).volumeMounts().get(0).readOnly()).isTrue();
        assertThat(pod.volumes().get("data").kind()).isEqualTo(VolumeSpec.Kind.HOST_PATH);
    }

    @Test
    void jsonPod() throws Exception {
        PodManifest pod = parser.parse("p.json", """
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"},
                 "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "args": ["true"]}]}}
                """);
        assertThat(pod.name()).isEqualTo("j");
        assertThat(pod.uid()).isNotBlank();
        assertThat(pod.restartPolicy()).isEqualTo(RestartPolicy.NEVER);
    }

    @Test
    void multiDocumentWithConfigMapVolume() throws Exception {
        PodManifest pod = parser.parse("p.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: cfg}
                data:
                  agent.yaml: "a: 1\\n"
                  other: x
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers: [{name: c, args: [cat, /etc/cfg/renamed.yaml], volumeMounts: [{name: v, mountPath: /etc/cfg}]}]
                  volumes: [{name: v, configMap: {name: cfg, items: [{key: agent.yaml, path: renamed.yaml}]}}]
                """);
        VolumeSpec v = pod.volumes().get("v");
        assertThat(v.configMapFound()).isTrue();
        assertThat(v.configMapFiles()).containsOnlyKeys("renamed.yaml");
        assertThat(new String(v.configMapFiles().get("renamed.yaml"), StandardCharsets.UTF_8)).isEqualTo("a: 1\n");
    }

    @Test
    void undefinedVolumeNamesDocumentAndFieldPath() {
        assertThatThrownBy(() -> parser.parse("POD.yaml", """
                kind: ConfigMap
                metadata: {name: x}
                ---
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                  - {name: a, args: ["true"]}
                  - name: b
                    args: ["true"]
                    volumeMounts: [{name: varlog2, mountPath: /var/log}]
                  volumes: [{name: varlog, emptyDir: {}}]
                """)).isInstanceOf(ManifestException.class).hasMessage(
                "POD.yaml: document 2: spec.containers[1].volumeMounts[0]: volume \"varlog2\" is not defined in"
                        + " spec.volumes");
    }

    @Test
    void otherErrorsSayWhatWasExpected() {
        assertThatThrownBy(() -> parser.parse("f", "kind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n"))
                .hasMessage("f: document 1: spec.containers: is required: expected at least one container");
        assertThatThrownBy(() -> parser.parse("f", "kind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Sometimes\n"
                + "  containers: [{name: c, args: [x]}]\n"))
                .hasMessageContaining("spec.restartPolicy: unsupported value \"Sometimes\": expected Always, OnFailure or Never");
        assertThatThrownBy(() -> parser.parse("f", "kind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, args: [1]}]\n"))
                .hasMessage("f: document 1: spec.containers[0].args[0]: expected a string, got integer 1");
        assertThatThrownBy(() -> parser.parse("f", "kind: Pod\nmetadata: {}\nspec: {containers: [{name: c, args: [x]}]}\n"))
                .hasMessage("f: document 1: metadata.name: is required: expected a non-empty string");
        assertThatThrownBy(() -> parser.parse("f", "kind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: C, args: [x]}]\n"))
                .hasMessageStartingWith("f: document 1: spec.containers[0].name: invalid name \"C\"");
        assertThatThrownBy(() -> parser.parse("f", "kind: Pod\nmetadata: {name: p\n"))
                .hasMessageStartingWith("f: not valid YAML or JSON:");
        assertThatThrownBy(() -> parser.parse("f", "kind: Service\nmetadata: {name: s}\n"))
                .hasMessage("f: document 1: kind: unsupported kind \"Service\": expected Pod or ConfigMap");
    }
}
