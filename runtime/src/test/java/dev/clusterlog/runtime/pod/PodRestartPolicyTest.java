package dev.clusterlog.runtime.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.runtime.state.ContainerState;
import dev.clusterlog.runtime.state.PodState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodRestartPolicyTest {
    @TempDir
    Path root;

    private static String pod(String policy, String script) {
        return """
                kind: Pod
                metadata: {name: p}
                spec:
                  restartPolicy: %s
                  containers:
                  - name: c
                    command: [/bin/sh, -c, '%s']
                """.formatted(policy, script);
    }

    @Test
    void neverDoesNotRestart() throws Exception {
        try (RunningPod pod = new RunningPod(root, pod("Never", "echo out; echo err >&2; exit 3"))) {
            assertThat(pod.awaitOutcome()).isEqualTo(PodRunner.Outcome.FAILED);
            ContainerState c = pod.container("c");
            assertThat(c.state()).isEqualTo(ContainerState.TERMINATED);
            assertThat(c.exitCode()).isEqualTo(3);
            assertThat(c.reason()).isEqualTo("Error");
            assertThat(c.restartCount()).isZero();
            assertThat(pod.state().phase()).isEqualTo("Failed");
            assertThat(pod.files("c")).containsExactly("0.log");
            List2.assertCri(Files.readAllLines(pod.podDir().resolve("c/0.log")), "out", "err");
            assertThat(pod.symlinks()).hasSize(1);
            assertThat(Files.readSymbolicLink(pod.symlinks().get(0))).isEqualTo(pod.podDir().resolve("c/0.log")
                    .toAbsolutePath());
        }
    }

    @Test
    void onFailureStopsAfterSuccess() throws Exception {
        try (RunningPod pod = new RunningPod(root, pod("OnFailure", "exit 0"))) {
            assertThat(pod.awaitOutcome()).isEqualTo(PodRunner.Outcome.SUCCEEDED);
            assertThat(pod.container("c").restartCount()).isZero();
            assertThat(pod.container("c").reason()).isEqualTo("Completed");
            assertThat(pod.state().phase()).isEqualTo("Succeeded");
        }
    }

    @Test
    void onFailureRestartsUntilSuccessKeepingOnlyTheLastTerminatedInstance() throws Exception {
        Path counter = root.resolve("count");
        String script = "n=$(cat " + counter + " 2>/dev/null || echo 0); echo run $n; echo $((n+1)) > " + counter
                + "; [ $n -ge 2 ]";
        try (RunningPod pod = new RunningPod(root, pod("OnFailure", script))) {
            assertThat(pod.awaitOutcome()).isEqualTo(PodRunner.Outcome.SUCCEEDED);
            ContainerState c = pod.container("c");
            assertThat(c.restartCount()).isEqualTo(2);
            assertThat(c.exitCode()).isZero();
            assertThat(c.lastTerminated().restartCount()).isEqualTo(1);
            assertThat(c.lastTerminated().exitCode()).isEqualTo(1);
            assertThat(pod.files("c")).containsExactly("1.log", "2.log");
            assertThat(Files.readString(pod.podDir().resolve("c/2.log"))).contains(" stdout F run 2\n");
            assertThat(pod.symlinks()).hasSize(2);
            // kubelet: the first restart is immediate, then the back-off starts at its initial delay
            assertThat(pod.events).anyMatch(e -> e.contains("restarting in 0s (instance 1"))
                    .anyMatch(e -> e.contains("restarting in 100ms (instance 2"));
        }
    }

    @Test
    void alwaysRestartsAKilledContainerAndDropsTheOlderInstance() throws Exception {
        try (RunningPod pod = new RunningPod(root, pod("Always", "echo up; exec sleep 60"))) {
            PodState s = pod.await("instance 0 running", p -> p.container("c").isRunning());
            new PodControl(root).requestKill(s, "c");
            pod.await("instance 1 running", p -> p.container("c").isRunning() && p.container("c").restartCount() == 1);
            ContainerState c = pod.container("c");
            assertThat(c.lastTerminated().restartCount()).isZero();
            assertThat(c.lastTerminated().exitCode()).isEqualTo(137);
            assertThat(pod.files("c")).containsExactly("0.log", "1.log");
            new PodControl(root).requestKill(pod.state(), "c");
            pod.await("instance 2 running", p -> p.container("c").isRunning() && p.container("c").restartCount() == 2);
            assertThat(pod.files("c")).containsExactly("1.log", "2.log");
            assertThat(pod.symlinks()).hasSize(2);
            for (Path link : pod.symlinks()) {
                assertThat(Files.readSymbolicLink(link).getFileName().toString()).isNotEqualTo("0.log");
            }
            assertThat(pod.state().phase()).isEqualTo("Running");

            new PodControl(root).requestDelete(pod.state());
            assertThat(pod.awaitOutcome()).isEqualTo(PodRunner.Outcome.DELETED);
            assertThat(pod.podDir()).doesNotExist();
            assertThat(pod.stateFile()).doesNotExist();
            assertThat(pod.symlinks()).isEmpty();
            assertThat(root.resolve("volumes").resolve(pod.manifest.uid())).doesNotExist();
        }
    }

    @Test
    void commandNotFoundFailsThatContainerOnly() throws Exception {
        String yaml = """
                kind: Pod
                metadata: {name: p}
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: good, command: [sleep, "60"]}
                  - {name: bad, command: [no-such-command-xyz, arg]}
                """;
        try (RunningPod pod = new RunningPod(root, yaml)) {
            PodState s = pod.await("bad terminated, good running",
                    p -> p.container("good").isRunning() && ContainerState.TERMINATED.equals(p.container("bad").state()));
            ContainerState bad = s.container("bad");
            assertThat(bad.reason()).isEqualTo("StartError: exec: \"no-such-command-xyz\": executable file not found in $PATH");
            assertThat(bad.exitCode()).isEqualTo(128);
            assertThat(s.phase()).isEqualTo("Running");
            pod.runner.shutdown();
            assertThat(pod.awaitOutcome()).isEqualTo(PodRunner.Outcome.STOPPED);
            assertThat(pod.container("good").state()).isEqualTo(ContainerState.TERMINATED);
            assertThat(pod.podDir().resolve("good/0.log")).exists();
        }
    }

    @Test
    void commandNotFoundUnderAlwaysWaitsInRunContainerError() throws Exception {
        try (RunningPod pod = new RunningPod(root, """
                kind: Pod
                metadata: {name: p}
                spec:
                  containers: [{name: bad, args: [/no/such/binary]}]
                """)) {
            PodState s = pod.await("restarted after a start error", p -> p.container("bad").restartCount() >= 1);
            assertThat(pod.events).anyMatch(e -> e.contains("failed to start"));
            assertThat(s.container("bad").lastTerminated().reason())
                    .isEqualTo("StartError: exec: \"/no/such/binary\": stat /no/such/binary: no such file or directory");
        }
    }
}
