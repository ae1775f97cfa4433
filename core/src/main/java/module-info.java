/**
 * clusterlog's shared vocabulary: the entry and stream model, the query contract, the one binary
 * convention and atomic file writer, durations and sizes, and the container log formats every
 * other module reads or writes.
 */
module dev.clusterlog.core {
    requires com.fasterxml.jackson.core;

    exports dev.clusterlog.core.cri;
    exports dev.clusterlog.core.docker;
    exports dev.clusterlog.core.entry;
    exports dev.clusterlog.core.format;
    exports dev.clusterlog.core.io;
    exports dev.clusterlog.core.klog;
    exports dev.clusterlog.core.kubernetes;
    exports dev.clusterlog.core.podlog;
    exports dev.clusterlog.core.query;
    exports dev.clusterlog.core.text;
    exports dev.clusterlog.core.time;
    exports dev.clusterlog.core.units;
}
