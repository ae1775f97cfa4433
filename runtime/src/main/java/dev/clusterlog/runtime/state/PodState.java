package dev.clusterlog.runtime.state;

import java.util.List;
import java.util.Map;

/**
 * What the node runner knows about one pod, written to the node root so that {@code pod list},
 * {@code pod kill}, {@code pod delete} and {@code logs} (other processes) can read it.
 *
 * @param namespace the pod's namespace ({@code default} when the manifest has none)
 * @param name the pod's name
 * @param uid the pod's UID (the manifest's {@code metadata.uid}, else generated at start)
 * @param labels {@code metadata.labels}
 * @param annotations {@code metadata.annotations} (for {@code kubectl.kubernetes.io/default-container})
 * @param phase {@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed}
 * @param runnerPid the process id of the {@code pod run} process that owns the pod
 * @param initContainers the init containers' states, in manifest order
 * @param containers the containers' states, in manifest order
 */
public record PodState(
        String namespace,
        String name,
        String uid,
        Map<String, String> labels,
        Map<String, String> annotations,
        String phase,
        long runnerPid,
        long createdAtMillis,
        List<ContainerState> initContainers,
        List<ContainerState> containers) {

    /** The pod's log directory name under {@code <node-root>/pods}: {@code <ns>_<pod>_<uid>}. */
    public String logDirectoryName() {
        return namespace + "_" + name + "_" + uid;
    }

    /** The container with this name, init containers included, or null. */
    public ContainerState container(String containerName) {
        for (ContainerState c : containers) {
            if (c.name().equals(containerName)) {
                return c;
            }
        }
        for (ContainerState c : initContainers) {
            if (c.name().equals(containerName)) {
                return c;
            }
        }
        return null;
    }
}
