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
        AgentConfig.Source journal = c.sources().get(1);
        assertThat(journal.type()).isEqualTo("journald");
        assertThat(journal.units()).isEqualTo(AgentConfig.DEFAULT_UNITS);
        assertThat(journal.journalDirectory()).isNull();
        assertThat(journal.journalctl()).isEqualTo("journalctl");
        assertThat(c.kubernetes()).isEqualTo(new AgentConfig.KubernetesConfig(false, null, null, c.node(),
                AgentConfig.DEFAULT_POD_LABELS, ""));
    }

    @Test
    void journaldAndKubernetesKeys() throws Exception {
        AgentConfig c = AgentConfig.parse("""
                agent: {node: n1}
                sources: [{name: j, type: journald, units: [kubelet], directory: /var/log/journal}]
                kubernetes: {enabled: true, api_server: "https://10.0.0.1:6443", labels: [team], label_prefix: pod_}
                """);
        assertThat(c.sources().getFirst().units()).containsExactly("kubelet");
        assertThat(c.sources().getFirst().journalDirectory()).isEqualTo("/var/log/journal");
        assertThat(c.kubernetes()).isEqualTo(new AgentConfig.KubernetesConfig(true, "https://10.0.0.1:6443", null, "n1",
                java.util.List.of("team"), "pod_"));
        assertThat(AgentConfig.parse("sources: [{type: journald, units: []}]").sources().getFirst().units()).isEmpty();
        assertThatThrownBy(() -> AgentConfig.parse("sources: [{type: file, paths: [/x], units: [a]}]"))
                .hasMessage("Invalid configuration sources[0].units: only a journald source has it (type is file)");
        assertThatThrownBy(() -> AgentConfig.parse("sources: [{type: journald, directory: /a, file: /b}]"))
                .hasMessageContaining("directory and file exclude each other");
        assertThatThrownBy(() -> AgentConfig.parse("kubernetes: {enable: true}"))
                .hasMessage("Unknown configuration key kubernetes.enable: valid keys are [api_server, enabled, kubeconfig, "
                        + "label_prefix, labels, node_name]");
        assertThatThrownBy(() -> AgentConfig.parse("kubernetes: {enabled: yes please}"))
                .hasMessageContaining("kubernetes.enabled: expected true or false");
    }

    @Test
    void unknownKeysAreRejectedWithTheValidOnes() {
        assertThatThrownBy(() -> AgentConfig.parse("output: {typ: http}"))
                .hasMessage("Unknown configuration key output.typ: valid keys are [batch_size, batch_wait, buffer, buffer_quota, "
                        + "path, retry_max, retry_min, tenant, timeout, type, url]");
        assertThatThrownBy(() -> AgentConfig.parse("outputs: {}")).hasMessageContaining("valid keys are [agent, kubernetes, metrics");
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
