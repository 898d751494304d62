package com.devsecopsmetrics.connectors.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignaturesTest {
    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    @Test
    void githubsDocumentedExampleVerifies() {
        // GitHub's "Validating webhook deliveries" example: secret "It's a Secret to Everybody", payload "Hello, World!".
        String documented = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(WebhookSignatures.github("It's a Secret to Everybody", HELLO, documented)).isEmpty();
        assertThat(WebhookSignatures.github("It's a Secret to Everybody", HELLO, documented.toUpperCase().replace("SHA256=", "sha256="))).isEmpty();
    }

    @Test
    void githubRefusesMissingInvalidAndReplayedWithOneByteChanged() {
        String signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(WebhookSignatures.github("It's a Secret to Everybody", HELLO, null)).contains("missing X-Hub-Signature-256 header");
        assertThat(WebhookSignatures.github("another secret", HELLO, signature)).contains("X-Hub-Signature-256 does not match the body");
        assertThat(WebhookSignatures.github("It's a Secret to Everybody", HELLO, "sha1=757107ea")).contains("X-Hub-Signature-256 is not sha256=<hex>");
        byte[] tampered = HELLO.clone();
        tampered[0] ^= 1;
        assertThat(WebhookSignatures.github("It's a Secret to Everybody", tampered, signature)).contains("X-Hub-Signature-256 does not match the body");
    }

    @Test
    void gitlabComparesTheToken() {
        assertThat(WebhookSignatures.gitlab("s3cret", "s3cret")).isEmpty();
        assertThat(WebhookSignatures.gitlab("s3cret", "s3creT")).contains("X-Gitlab-Token is not the configured token");
        assertThat(WebhookSignatures.gitlab("s3cret", null)).contains("missing X-Gitlab-Token header");
    }

    @Test
    void pagerDutyAcceptsAnyOfSeveralV1Signatures() {
        // HMAC-SHA256("It's a Secret to Everybody", "Hello, World!") is the value above: the same primitive, v1= prefix.
        String good = "v1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(WebhookSignatures.pagerDuty("It's a Secret to Everybody", HELLO, "v1=00ff, " + good)).isEmpty();
        assertThat(WebhookSignatures.pagerDuty("It's a Secret to Everybody", HELLO, "v1=00ff")).isPresent();
        assertThat(WebhookSignatures.pagerDuty("It's a Secret to Everybody", HELLO, "")).contains("missing X-PagerDuty-Signature header");
        byte[] tampered = HELLO.clone();
        tampered[12] = '?';
        assertThat(WebhookSignatures.pagerDuty("It's a Secret to Everybody", tampered, good)).isPresent();
    }
}
