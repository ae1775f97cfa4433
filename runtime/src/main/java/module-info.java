/**
 * The local node runtime: runs Pod manifests' containers as processes with kubelet's CRI log
 * files, symlinks, rotation and restart policy, and publishes each pod's state for other processes.
 * API: manifests ({@code manifest}), running a pod and sending it requests ({@code pod}), the pod
 * state files ({@code state}), the rotation settings ({@code log}). The log file writer and rotator
 * are {@code internal}.
 */
module dev.clusterlog.runtime {
    requires dev.clusterlog.core;
    requires org.slf4j;
    requires org.snakeyaml.engine;

    exports dev.clusterlog.runtime.log;
    exports dev.clusterlog.runtime.manifest;
    exports dev.clusterlog.runtime.pod;
    exports dev.clusterlog.runtime.state;
}
