package dev.clusterlog.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clusterlog.core.entry.LabelSet;
import dev.clusterlog.logql.log.LogEntry;
import dev.clusterlog.logql.log.Pipeline;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Any generated pipeline on any line (JSON-like, logfmt-like, invalid UTF-8) finishes without throwing. */
class PipelineFuzzProperties {
    private static final String[] SHAPES = {"{\"a\":%s,\"level\":\"error\",\"b\":{\"c\":[1,2]}}", "level=%s a=\"x y\" b=",
        "%s", "{\"a\": %s", "a=%s =x \"q", "\u001b[31m%s\u001b[0m 10.1.2.3"};

    @Property(tries = 1000)
    void pipelinesNeverThrow(@ForAll long seed) {
        Random rnd = new Random(seed);
        AstGenerator gen = new AstGenerator(seed);
        LogSelectorExpr sel = gen.selector(6);
        Pipeline p = Pipeline.compile(sel.stages());
        LogEntry e = new LogEntry();
        for (int i = 0; i < 20; i++) {
            byte[] line;
            if (rnd.nextInt(5) == 0) {
                line = new byte[rnd.nextInt(40)];
                rnd.nextBytes(line);
            } else {
                line = String.format(SHAPES[rnd.nextInt(SHAPES.length)], gen.string()).getBytes(StandardCharsets.UTF_8);
            }
            e.reset(LabelSet.of("app", "x", "level", "info"), LabelSet.EMPTY, rnd.nextLong(), line, 0, line.length);
            try {
                if (p.process(e)) {
                    assertThat(e.finalLabels()).isNotNull();
                }
            } catch (RuntimeException ex) {
                throw new AssertionError("seed " + seed + ": " + Printer.print(sel) + " on "
                        + new String(line, StandardCharsets.UTF_8) + " threw " + ex, ex);
            }
        }
    }
}
