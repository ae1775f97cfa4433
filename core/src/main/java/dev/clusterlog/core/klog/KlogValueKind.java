package dev.clusterlog.core.klog;

/** How klog/v2 wrote a structured value (kubernetes/klog {@code internal/serialize/keyvalues.go}). */
public enum KlogValueKind {
    /** A Go-quoted string {@code "..."} ({@code strconv.Quote}); the value is the unquoted text. */
    QUOTED,
    /** A string with line breaks, written {@code <\n\tline\n >}; the value is the lines joined by {@code \n}. */
    MULTI_LINE,
    /** A JSON object or array (structs, maps, slices); the value is the JSON text as written. */
    JSON,
    /** An unquoted token: a number, a bool, {@code null}; the value is the token. */
    BARE
}
