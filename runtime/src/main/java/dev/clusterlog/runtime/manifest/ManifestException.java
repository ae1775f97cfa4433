package dev.clusterlog.runtime.manifest;

/**
 * A manifest that cannot run, with the message in one line:
 * {@code <file>: document <n>: <field path>: <what was wrong and what was expected>}.
 */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message, null, false, false);
    }
}
