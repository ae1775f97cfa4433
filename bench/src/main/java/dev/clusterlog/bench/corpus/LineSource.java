package dev.clusterlog.bench.corpus;

import dev.clusterlog.core.io.ByteWriter;
import java.util.SplittableRandom;

/**
 * Where a simulated container's text comes from: each call appends one event, one or more
 * logical lines each ended by {@code \n}, to {@code out}. Implementations are immutable after
 * construction and draw all randomness from the caller's generator, so a seed fixes the output.
 */
interface LineSource {
    /** A short name for pod names and the manifest, e.g. {@code spark} or {@code kafka-server}. */
    String name();

    /** How many distinct events the seed holds: containers pick sources weighted by its square root. */
    int distinctEvents();

    /** Appends one event (lines ended by {@code \n}, none of them empty of a terminator). */
    void appendEvent(SplittableRandom random, ByteWriter out);
}
