package dev.clusterlog.core.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clusterlog.core.SharedVectors;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PodLogPathTest {

    static Stream<Arguments> pathCases() {
        var cases = SharedVectors.jsonLines("kubernetes-cri-logs/path_cases.jsonl");
        assertThat(cases).hasSize(6);
        return cases.stream().map(c -> Arguments.of(Named.of(c.get("fn").asText() + " " + c.get("input"), c)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("pathCases")
    void matchesVectorPathHelpers(JsonNode c) {
        JsonNode expected = c.get("expected");
        switch (c.get("fn").asText()) {
            case "parse_log_file_path" -> {
                Optional<PodLogPath> parsed = PodLogPath.parse(c.get("input").asText());
                if (expected.isNull()) {
                    assertThat(parsed).isEmpty();
                } else {
                    assertThat(parsed).hasValueSatisfying(p -> {
                        assertThat(p.namespace()).isEqualTo(expected.get("pod_namespace").asText());
                        assertThat(p.podName()).isEqualTo(expected.get("pod_name").asText());
                        assertThat(p.podUid()).isEqualTo(expected.get("pod_uid").asText());
                        assertThat(p.containerName()).isEqualTo(expected.get("container_name").asText());
                        assertThat(p.path(PodLogPath.DEFAULT_POD_LOGS_DIRECTORY)).isEqualTo(c.get("input").asText());
                    });
                }
            }
            case "build_pod_logs_directory" -> {
                JsonNode in = c.get("input");
                assertThat(PodLogPath.buildPodLogsDirectory(PodLogPath.DEFAULT_POD_LOGS_DIRECTORY,
                        in.get(0).asText(), in.get(1).asText(), in.get(2).asText())).isEqualTo(expected.asText());
            }
            default -> throw new IllegalArgumentException("unknown fn in vector: " + c.get("fn"));
        }
    }

    @Test
    void parsesLiveRotatedAndCompressedFiles() {
        String dir = "/var/log/pods/kube-system_coredns-abc_0f1e2d3c-aaaa-bbbb/coredns/";
        PodLogPath live = PodLogPath.parse(dir + "3.log").orElseThrow();
        assertThat(live).isEqualTo(new PodLogPath("kube-system", "coredns-abc", "0f1e2d3c-aaaa-bbbb", "coredns", 3, null, false));
        assertThat(live.isRotated()).isFalse();

        PodLogPath rotated = PodLogPath.parse(dir + "3.log.20180215-010747").orElseThrow();
        assertThat(rotated.rotationTimestamp()).isEqualTo("20180215-010747");
        assertThat(rotated.compressed()).isFalse();
        assertThat(rotated.isRotated()).isTrue();
        assertThat(rotated.path(PodLogPath.DEFAULT_POD_LOGS_DIRECTORY)).isEqualTo(dir + "3.log.20180215-010747");
        assertThat(rotated.containerLogPath(PodLogPath.DEFAULT_POD_LOGS_DIRECTORY)).isEqualTo(dir + "3.log");

        PodLogPath gz = PodLogPath.parse(dir + "12.log.20180215-010737.gz").orElseThrow();
        assertThat(gz.restartCount()).isEqualTo(12);
        assertThat(gz.rotationTimestamp()).isEqualTo("20180215-010737");
        assertThat(gz.compressed()).isTrue();
        assertThat(gz.path(PodLogPath.DEFAULT_POD_LOGS_DIRECTORY)).isEqualTo(dir + "12.log.20180215-010737.gz");
    }

    @Test
    void splitsThePodDirectoryFromTheRightAndAcceptsAnyPodsRoot() {
        PodLogPath p = PodLogPath.parse("/host/var/log/pods/ns_pod-name_uid/c/0.log").orElseThrow();
        assertThat(p.namespace()).isEqualTo("ns");
        assertThat(PodLogPath.parse("pods/a_b_c/d/0.log")).isPresent();
        assertThat(PodLogPath.parseRelative("a_b_c/d/1.log")).hasValueSatisfying(r -> assertThat(r.restartCount()).isEqualTo(1));
        // more underscores than kubelet ever writes: the uid and the pod come from the right
        PodLogPath odd = PodLogPath.parse("/var/log/pods/x_y_pod_uid/c/0.log").orElseThrow();
        assertThat(odd.namespace()).isEqualTo("x_y");
        assertThat(odd.podName()).isEqualTo("pod");
        assertThat(odd.podUid()).isEqualTo("uid");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/var/log/pods/ns_pod_uid/c/0.log.20180215-010737.tmp", "/var/log/pods/ns_pod_uid/c/0.log.gz",
        "/var/log/pods/ns_pod_uid/c/0.log.2018021-010737", "/var/log/pods/ns_pod_uid/c/x.log",
        "/var/log/pods/ns_pod_uid/c/0.txt", "/var/log/pods/ns_pod_uid/c/.log", "/var/log/pods/ns_pod/c/0.log",
        "/var/log/pods/_pod_uid/c/0.log", "/var/log/pods/ns__uid/c/0.log", "/var/log/pods/ns_pod_/c/0.log",
        "/var/log/pods/ns_pod_uid//0.log", "/var/log/other/ns_pod_uid/c/0.log", "/var/log/pods/ns_pod_uid/c/0.log/x"})
    void rejectsOtherFiles(String path) {
        assertThat(PodLogPath.parse(path)).isEmpty();
    }

    @Test
    void buildsLegacySymlinkNameTruncatedTo251BytesBeforeLog() {
        assertThat(PodLogPath.legacySymlinkName("web-0", "prod", "nginx", "containerd://abc123"))
                .isEqualTo("web-0_prod_nginx-abc123.log");
        PodLogPath p = new PodLogPath("prod", "web-0", "uid", "nginx", 0, null, false);
        assertThat(p.legacySymlinkName("abc123")).isEqualTo("web-0_prod_nginx-abc123.log");

        String id = "f".repeat(64);
        String pod = "p".repeat(253);
        String name = PodLogPath.legacySymlinkName(pod, "ns", "c", id);
        assertThat(name).hasSize(255).endsWith(".log");
        assertThat(name.substring(0, 251)).isEqualTo((pod + "_ns_c-" + id).substring(0, 251));

        String exact = "a".repeat(251 - "_ns_c-".length() - 3);
        assertThat(PodLogPath.legacySymlinkName(exact, "ns", "c", "abc")).isEqualTo(exact + "_ns_c-abc.log").hasSize(255);
    }

    @Test
    void buildsContainerLogFileNames() {
        assertThat(PodLogPath.containerLogFileName(0)).isEqualTo("0.log");
        assertThat(new PodLogPath("ns", "pod", "uid", "c", 2, null, false).containerLogPath("/var/log/pods"))
                .isEqualTo("/var/log/pods/ns_pod_uid/c/2.log");
    }
}
