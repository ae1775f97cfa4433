package dev.clusterlog.bench.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateSourceTest {
    @Test
    void alignRecoversTheParametersOfATemplate() {
        assertThat(TemplateSource.align("Block <*> stored as bytes in memory (estimated size <*>, free <*>)",
                "Block broadcast_1 stored as bytes in memory (estimated size 384.0 B, free 317.5 KB)"))
                .containsExactly("broadcast_1", "384.0 B", "317.5 KB");
        assertThat(TemplateSource.align("Changing view acls to: <*>", "Changing view acls to: yarn,curi"))
                .containsExactly("yarn,curi");
        assertThat(TemplateSource.align("Changing view acls to: <*>", "Something else")).isNull();
    }
}
