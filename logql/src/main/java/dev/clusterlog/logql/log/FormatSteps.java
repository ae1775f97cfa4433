package dev.clusterlog.logql.log;

import dev.clusterlog.logql.syntax.Stage;
import dev.clusterlog.logql.template.Template;
import dev.clusterlog.logql.template.TemplateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** line_format, label_format, drop, keep and decolorize. */
final class FormatSteps {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]");

    private FormatSteps() {
    }

    static Step lineFormat(String text) {
        Template t = Template.parse(text);
        return e -> {
            try {
                e.setLine(t.execute(e.labels(), e.line(), e.timestamp));
            } catch (TemplateException ex) {
                e.setError("TemplateFormatErr", ex.getMessage());
            }
            return true;
        };
    }

    static Step labelFormat(Stage.LabelFormat f) {
        List<Stage.LabelFormatItem> items = f.items();
        Template[] templates = new Template[items.size()];
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).template()) {
                templates[i] = Template.parse(items.get(i).value());
            }
        }
        return e -> {
            Map<String, String> labels = e.labels();
            Map<String, String> snapshot = new HashMap<>(labels);
            List<String> renamedFrom = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Stage.LabelFormatItem it = items.get(i);
                String value;
                if (templates[i] != null) {
                    try {
                        value = templates[i].execute(snapshot, e.line(), e.timestamp);
                    } catch (TemplateException ex) {
                        e.setError("TemplateFormatErr", ex.getMessage());
                        continue;
                    }
                } else {
                    value = snapshot.getOrDefault(it.value(), "");
                    renamedFrom.add(it.value());
                }
                labels.put(it.dst(), value);
            }
            for (String src : renamedFrom) {
                boolean alsoTarget = items.stream().anyMatch(x -> x.dst().equals(src));
                if (!alsoTarget) {
                    labels.remove(src);
                }
            }
            return true;
        };
    }

    static Step drop(List<Stage.NamedMatcher> items) {
        return e -> {
            Map<String, String> labels = e.labels();
            for (Stage.NamedMatcher m : items) {
                String v = labels.get(m.name());
                if (v != null && (m.matcher() == null || m.matcher().matches(v))) {
                    labels.remove(m.name());
                }
            }
            return true;
        };
    }

    static Step keep(List<Stage.NamedMatcher> items) {
        return e -> {
            Map<String, String> labels = e.labels();
            Iterator<Map.Entry<String, String>> it = labels.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, String> en = it.next();
                boolean kept = false;
                for (Stage.NamedMatcher m : items) {
                    if (m.name().equals(en.getKey()) && (m.matcher() == null || m.matcher().matches(en.getValue()))) {
                        kept = true;
                        break;
                    }
                }
                if (!kept) {
                    it.remove();
                }
            }
            return true;
        };
    }

    static Step decolorize() {
        return e -> {
            boolean hasEsc = false;
            for (int i = e.off; i < e.off + e.len; i++) {
                if (e.buf[i] == 0x1b) {
                    hasEsc = true;
                    break;
                }
            }
            if (hasEsc) {
                e.setLine(ANSI.matcher(e.line()).replaceAll(""));
            }
            return true;
        };
    }
}
