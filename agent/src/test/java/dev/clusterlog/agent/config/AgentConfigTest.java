package dev.clusterlog.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AgentConfigTest {
    @Test
    void referenceFileParsesAndGivesTheDefaults() throws Exception {
        String ref;
        try (InputStream in = AgentConfig.class.getResourceAsStream("/agent-reference.yaml")) {
            ref = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        AgentConfig c = AgentConfig.parse(ref);
        AgentConfig d = AgentConfig.defaults();
        assertThat(c.output()).isEqualTo(d.output());
        assertThat(c.pipeline().lineLimit()).isEqualTo(1 << 20);
        assertThat(c.pollIntervalNanos()).isEqualTo(d.pollIntervalNanos());
        assertThat(c.sources().getFirst().type()).isEqualTo("kubernetes");
        assertThat(c.metricsListen()).isEqualTo("127.0.0.1:9105");
    }

    @Test
    void unknownKeysAreRejectedWithTheValidOnes() {
        assertThatThrownBy(() -> AgentConfig.parse("output: {typ: http}"))
                .hasMessage("Unknown configuration key output.typ: valid keys are [batch_size, batch_wait, buffer, buffer_quota, "
                        + "path, retry_max, retry_min, tenant, timeout, type, url]");
        assertThatThrownBy(() -> AgentConfig.parse("outputs: {}")).hasMessageContaining("valid keys are [agent, metrics");
    }

    @Test
    void badValuesNameKeyValueAndRule() {
        assertThatThrownBy(() -> AgentConfig.parse("output: {batch_wait: 10x}"))
                .hasMessage("Invalid value 10x for configuration output.batch_wait: expected a duration like 250ms, 1s, 5m or 1h");
        assertThatThrownBy(() -> AgentConfig.parse("sources: [{type: file, paths: [/x], parser: xml}]"))
                .hasMessageContaining("sources[0].parser: expected none, json, logfmt, klog or regex");
        assertThatThrownBy(() -> AgentConfig.parse("sources: [{type: file}]"))
                .hasMessageContaining("sources[0].paths");
    }

    @Test
    void theFluentdSidecarConfigurationInOurTerms() throws Exception {
        AgentConfig c = AgentConfig.parse("""
                sources:
                  - {name: count-format1, type: file, paths: [/var/log/1.log], tag: count.format1, parser: none}
                  - {name: count-format2, type: file, paths: [/var/log/2.log], tag: count.format2, parser: none}
                """);
        assertThat(c.sources()).extracting(AgentConfig.Source::tag).containsExactly("count.format1", "count.format2");
    }
}
