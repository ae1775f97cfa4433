package dev.clusterlog.agent.checkpoint;

/**
 * What survives a restart of one tailed stream: its id and order, the identity of its file,
 * the acknowledged offset, and the handler state at that offset (partial-line assembly).
 */
public record SourceCheckpoint(String id, long seq, long device, long inode, byte[] fingerprint, String path,
        long offset, byte[] state) {
}
