package dev.clusterlog.logql.syntax;

/**
 * A parsed LogQL query: either a log query ({@link LogSelectorExpr}, answering streams) or a metric
 * query ({@link SampleExpr}, answering vectors, matrices or scalars). Every node is an immutable
 * record, so two parses of the same text are {@code equals}; {@link Printer} gives the canonical
 * text of a node.
 */
public sealed interface Expr permits LogSelectorExpr, SampleExpr {

    /** The canonical LogQL text of this node. */
    default String print() {
        return Printer.print(this);
    }
}
