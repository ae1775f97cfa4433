package dev.clusterlog.agent.checkpoint;

/**
 * What survives a restart of one tailed stream: its id and order, the identity of its file,
 * the acknowledged offset, the handler state at that offset (partial-line assembly), and the end
 * offsets of the batches sent but not yet acknowledged ({@code inFlight}, ascending): after a
 * restart the first batches are cut exactly there, so a batch the store already took is resent
 * with the same range and recognised as a duplicate.
 */
public record SourceCheckpoint(String id, long seq, long device, long inode, byte[] fingerprint, String path,
        long offset, byte[] state, long[] inFlight) {

    public SourceCheckpoint {
        inFlight = inFlight == null ? new long[0] : inFlight;
    }

    public SourceCheckpoint(String id, long seq, long device, long inode, byte[] fingerprint, String path, long offset,
            byte[] state) {
        this(id, seq, device, inode, fingerprint, path, offset, state, null);
    }
}
