package dev.clusterlog.logql.log;

import dev.clusterlog.logql.syntax.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled log pipeline. {@link #process} runs one entry through every stage; a pipeline of
 * line filters only never builds a label map, so its per-entry cost is the byte searches. One
 * instance per query thread: stages keep scratch state.
 */
public final class Pipeline {
    private final Step[] steps;
    private final boolean changesLabels;

    private Pipeline(Step[] steps, boolean changesLabels) {
        this.steps = steps;
        this.changesLabels = changesLabels;
    }

    public static Pipeline compile(List<Stage> stages) {
        List<Step> steps = new ArrayList<>();
        boolean changes = false;
        for (Stage s : stages) {
            if (!(s instanceof Stage.LineFilter)) {
                changes = true;
            }
            steps.add(switch (s) {
                case Stage.LineFilter f -> new LineFilterStep(f);
                case Stage.Json j -> new JsonStep(j);
                case Stage.Logfmt l -> new LogfmtStep(l);
                case Stage.Regexp r -> ExtractorSteps.regexp(r.regex());
                case Stage.Pattern p -> ExtractorSteps.pattern(p.pattern());
                case Stage.Unpack u -> ExtractorSteps.unpack();
                case Stage.LabelFilterStage f -> new LabelFilterStep(f.filter());
                case Stage.LineFormat l -> FormatSteps.lineFormat(l.template());
                case Stage.LabelFormat l -> FormatSteps.labelFormat(l);
                case Stage.Drop d -> FormatSteps.drop(d.items());
                case Stage.Keep k -> FormatSteps.keep(k.items());
                case Stage.Decolorize d -> FormatSteps.decolorize();
            });
        }
        return new Pipeline(steps.toArray(new Step[0]), changes);
    }

    /** True when some stage may change labels (then {@link LogEntry#finalLabels} builds a new set). */
    public boolean changesLabels() {
        return changesLabels;
    }

    /** Runs the entry through the stages; false when a filter dropped it. */
    public boolean process(LogEntry e) {
        for (Step s : steps) {
            if (!s.apply(e)) {
                return false;
            }
        }
        return true;
    }
}
