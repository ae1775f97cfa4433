package dev.clusterlog.logql.template;

/** A template that failed while running (bad argument, unknown function at run time). */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
