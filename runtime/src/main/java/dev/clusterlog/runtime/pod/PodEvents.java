package dev.clusterlog.runtime.pod;

/**
 * Where a {@link PodRunner} reports what happens to its pod, one line per event, like kubelet's
 * pod events: {@link #event} for the lifecycle (a container started, exited, restarts; the pod
 * ended), {@link #warning} for something that failed without losing the pod (a state file, a
 * rotation, a log file could not be written). {@code pod run} prints both on its stderr as they
 * come; {@link #logged()} makes them log lines (INFO and WARN) among the server's and the agent's,
 * as {@code clusterlog up} does. Implementations must be thread-safe: containers report from their
 * own threads.
 */
@FunctionalInterface
public interface PodEvents {
    void event(String line);

    /** Something went wrong and nothing was lost; by default an event like any other. */
    default void warning(String line) {
        event(line);
    }

    /** Events as SLF4J log lines (logger {@code PodEvents}): events at INFO, warnings at WARN. */
    static PodEvents logged() {
        return LoggedPodEvents.INSTANCE;
    }
}
