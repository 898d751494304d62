package com.devsecopsmetrics.connectors.alerts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeTextTest {
    @Test
    void controlAndBidiCharactersBecomeSpacesMentionsAndUrlsAreBrokenAndLengthIsBounded() {
        assertThat(SafeText.neutral("a\nb\r\tc\u202Ed\u2066e\u0000", 100)).isEqualTo("a b  c d e ");
        assertThat(SafeText.neutral("@here see https://x.example", 100)).isEqualTo("@\u200Bhere see https:\u200B//x.example");
        assertThat(SafeText.neutral("x".repeat(500), 10)).hasSize(10).endsWith("…");
        assertThat(SafeText.neutral("exactly10!", 10)).isEqualTo("exactly10!");
        assertThat(SafeText.neutral(null, 10)).isEmpty();
        // a zero-width space already in the text cannot be used to hide anything either
        assertThat(SafeText.neutral("a\u200Bb", 10)).isEqualTo("a b");
    }

    @Test
    void slackAndTeamsFormsKeepTheTextButNotItsMarkup() {
        assertThat(SafeText.slackCode("<!channel> & `x`", 100)).isEqualTo("`&lt;!channel&gt; &amp; ˋxˋ`");
        assertThat(SafeText.slackCode("", 100)).isEmpty();
        assertThat(SafeText.teams("- [a](b) **c** payments-api #1", 100)).isEqualTo("\\- \\[a\\]\\(b\\) \\*\\*c\\*\\* payments-api #1");
    }
}
