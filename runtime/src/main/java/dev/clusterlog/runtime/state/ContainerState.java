package dev.clusterlog.runtime.state;

/**
 * The status of one container of a pod on this node, as the runner last wrote it: kubelet's
 * {@code ContainerStatus} reduced to what {@code logs} and {@code pod list} need.
 *
 * @param name the container name from the manifest
 * @param state {@code waiting}, {@code running} or {@code terminated}
 * @param reason why it is waiting or terminated ({@code ContainerCreating}, {@code CrashLoopBackOff},
 *     {@code Completed}, {@code Error}, {@code StartError: exec: "x": executable file not found}); null when running
 * @param restartCount kubelet's restart count; the current instance's log file is {@code <restartCount>.log}
 * @param containerId the id of the current instance (its symlink name ends with it); null before the first start
 * @param pid the process id of the current instance while it runs, else null
 * @param exitCode the exit code when terminated, else null
 * @param startedAtMillis when the current instance started (epoch ms), or null
 * @param finishedAtMillis when the current instance ended (epoch ms), or null
 * @param lastTerminated the previous instance, whose log file is kept beside the current one, or null
 */
public record ContainerState(
        String name,
        String state,
        String reason,
        int restartCount,
        String containerId,
        Long pid,
        Integer exitCode,
        Long startedAtMillis,
        Long finishedAtMillis,
        Instance lastTerminated) {

    public static final String WAITING = "waiting";
    public static final String RUNNING = "running";
    public static final String TERMINATED = "terminated";

    /**
     * A terminated instance of the container.
     *
     * @param restartCount the instance number: its log file is {@code <restartCount>.log}
     */
    public record Instance(int restartCount, String containerId, Integer exitCode, String reason,
            Long startedAtMillis, Long finishedAtMillis) {
    }

    public boolean isRunning() {
        return RUNNING.equals(state);
    }
}
