package dev.clusterlog.store.block;

import java.util.Arrays;

/**
 * The open block of one stream in memory. Appends go to the end (arrival order); {@link #snapshot()}
 * gives a time-ordered view, ties in arrival order. Writers are serialized by the store's write lock;
 * a snapshot taken under the read lock stays valid afterwards because entries below {@code count} are
 * never changed (arrays are replaced, not rewritten, when they grow).
 */
public final class HeadBlock {
    private long[] ts = new long[16];
    private int[] lineOff = new int[16];
    private int[] lineLen = new int[16];
    private int[] metaOff = new int[16];
    private int[] metaLen = new int[16];
    private byte[] lines = new byte[1024];
    private byte[] meta = new byte[0];
    private int count;
    private int linesLen;
    private int metaBytes;
    private boolean sorted = true;
    private long minT = Long.MAX_VALUE;
    private long maxT = Long.MIN_VALUE;
    private BlockData cached;

    public void append(long t, byte[] buf, int off, int len, byte[] metaBuf, int metaOffset, int metaLength) {
        if (count == ts.length) {
            int n = count * 2;
            ts = Arrays.copyOf(ts, n);
            lineOff = Arrays.copyOf(lineOff, n);
            lineLen = Arrays.copyOf(lineLen, n);
            metaOff = Arrays.copyOf(metaOff, n);
            metaLen = Arrays.copyOf(metaLen, n);
        }
        if (linesLen + len > lines.length) {
            lines = Arrays.copyOf(lines, Math.max(lines.length * 2, linesLen + len));
        }
        System.arraycopy(buf, off, lines, linesLen, len);
        if (metaLength > 0) {
            if (metaBytes + metaLength > meta.length) {
                meta = Arrays.copyOf(meta, Math.max(meta.length * 2, metaBytes + metaLength));
            }
            System.arraycopy(metaBuf, metaOffset, meta, metaBytes, metaLength);
        }
        if (count > 0 && t < ts[count - 1]) {
            sorted = false;
        }
        ts[count] = t;
        lineOff[count] = linesLen;
        lineLen[count] = len;
        metaOff[count] = metaBytes;
        metaLen[count] = metaLength;
        linesLen += len;
        metaBytes += metaLength;
        count++;
        minT = Math.min(minT, t);
        maxT = Math.max(maxT, t);
        cached = null;
    }

    public int count() {
        return count;
    }

    public long bytes() {
        return linesLen + metaBytes + count * 16L;
    }

    public long minTime() {
        return minT;
    }

    public long maxTime() {
        return maxT;
    }

    /** A time-ordered view of the entries so far (stable: ties keep arrival order). */
    public BlockData snapshot() {
        BlockData c = cached;
        if (c != null) {
            return c;
        }
        int[] order = null;
        if (!sorted) {
            order = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            int[] tmp = new int[count];
            mergeSort(order, tmp, 0, count, ts);
        }
        c = new BlockData(count, ts, lineOff, lineLen, lines, metaOff, metaLen, meta, order);
        cached = c;
        return c;
    }

    /** Stable merge sort of indices by their timestamps. */
    static void mergeSort(int[] a, int[] tmp, int from, int to, long[] keys) {
        if (to - from < 16) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && keys[a[j]] > keys[v]) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid, keys);
        mergeSort(a, tmp, mid, to, keys);
        if (keys[a[mid - 1]] <= keys[a[mid]]) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            a[k++] = keys[tmp[j]] < keys[tmp[i]] ? tmp[j++] : tmp[i++];
        }
        while (i < mid) {
            a[k++] = tmp[i++];
        }
        while (j < to) {
            a[k++] = tmp[j++];
        }
    }
}
