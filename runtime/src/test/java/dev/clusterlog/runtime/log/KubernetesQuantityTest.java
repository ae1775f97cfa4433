package dev.clusterlog.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KubernetesQuantityTest {
    @Test
    void binaryDecimalAndPlain() {
        assertThat(KubernetesQuantity.parseBytes("10Mi")).isEqualTo(10L << 20);
        assertThat(KubernetesQuantity.parseBytes("2Ki")).isEqualTo(2048);
        assertThat(KubernetesQuantity.parseBytes("1M")).isEqualTo(1_000_000);
        assertThat(KubernetesQuantity.parseBytes("1.5k")).isEqualTo(1500);
        assertThat(KubernetesQuantity.parseBytes("300")).isEqualTo(300);
        assertThat(KubernetesQuantity.parseBytes("1e3")).isEqualTo(1000);
        assertThat(KubernetesQuantity.parseBytes("-1")).isEqualTo(-1);
        assertThatThrownBy(() -> KubernetesQuantity.parseBytes("10MB"))
                .hasMessageStartingWith("failed to parse container log max size \"10MB\"");
    }

    @Test
    void maxFilesMustExceedOneWithKubeletsMessage() {
        assertThatThrownBy(() -> new RotationPolicy(100, 1, Duration.ofSeconds(10)))
                .hasMessage("invalid MaxFiles 1, must be > 1");
    }
}
