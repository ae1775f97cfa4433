package dev.clusterlog.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.logql.LogQL;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The printer's contract: every valid AST prints to text that parses back to the same AST. */
class PrinterProperties {

    @Property(tries = 5000)
    void parseOfPrintIsIdentity(@ForAll long seed) {
        Expr ast = new AstGenerator(seed).query();
        String text = Printer.print(ast);
        Expr back;
        try {
            back = LogQL.parse(text);
        } catch (ParseException e) {
            throw new AssertionError("seed " + seed + ": " + text + "\n" + e.getMessage(), e);
        }
        assertThat(back).as("seed %d: %s", seed, text).isEqualTo(ast);
        assertThat(Printer.print(back)).isEqualTo(text);
    }
}
