package com.devsecopsmetrics.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerAddressTest {
    @Test
    void loopbackNeedsNothing() {
        assertThat(ListenerAddress.of("127.0.0.1", false).host()).isEqualTo("127.0.0.1");
        assertThat(ListenerAddress.of("localhost", false).host()).isEqualTo("localhost");
        assertThat(ListenerAddress.of("::1", false).host()).isEqualTo("::1");
    }

    @Test
    void anyOtherAddressIsRefusedWithoutAuthenticationUnlessExplicitlyDisabled() {
        assertThatThrownBy(() -> ListenerAddress.of("0.0.0.0", false)).hasMessageContaining("rest.auth.disabled=true");
        assertThat(ListenerAddress.of("0.0.0.0", true).host()).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> ListenerAddress.of("no-such-host.invalid", true)).hasMessageContaining("cannot resolve");
    }
}
