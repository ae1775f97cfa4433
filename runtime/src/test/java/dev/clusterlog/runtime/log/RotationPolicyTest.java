package dev.clusterlog.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** kubelet's rotation settings: the max size as a Kubernetes quantity, and kubelet's messages. */
class RotationPolicyTest {
    @Test
    void maxSizeIsAQuantityBinaryDecimalOrPlain() {
        assertThat(RotationPolicy.parseMaxSize("10Mi")).isEqualTo(10L << 20);
        assertThat(RotationPolicy.parseMaxSize("2Ki")).isEqualTo(2048);
        assertThat(RotationPolicy.parseMaxSize("1M")).isEqualTo(1_000_000);
        assertThat(RotationPolicy.parseMaxSize("1.5k")).isEqualTo(1500);
        assertThat(RotationPolicy.parseMaxSize("300")).isEqualTo(300);
        assertThat(RotationPolicy.parseMaxSize("1e3")).isEqualTo(1000);
        assertThat(RotationPolicy.parseMaxSize("-1")).isEqualTo(-1);
        assertThatThrownBy(() -> RotationPolicy.parseMaxSize("10MB"))
                .hasMessageStartingWith("failed to parse container log max size \"10MB\": quantities must match");
    }

    @Test
    void maxFilesMustExceedOneWithKubeletsMessage() {
        assertThatThrownBy(() -> new RotationPolicy(100, 1, Duration.ofSeconds(10)))
                .hasMessage("invalid MaxFiles 1, must be > 1");
    }
}
