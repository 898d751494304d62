package com.devsecopsmetrics.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PageLayoutTest {
    private final PageLayout layout = PageLayout.load();

    @Test
    void everyPageHasTheSharedHeadAndHeaderAroundItsOwnParts() {
        for (String name : new String[] {"index", "service", "definitions"}) {
            String page = layout.page(name);
            assertThat(page).as(name).startsWith("<!doctype html>\n<html lang=\"en\">\n<head>\n").endsWith("</body>\n</html>\n")
                    .contains("<link rel=\"stylesheet\" href=\"/assets/dsm.css\">\n")
                    .contains("<nav><a href=\"/\">Dashboard</a><a href=\"/definitions.html\">Definitions</a>")
                    .doesNotContain("{{").doesNotContain("slot:").doesNotContain("\n\n");
        }
    }

    @Test
    void eachPageFillsOnlyTheSlotsItNames() {
        String index = layout.page("index");
        assertThat(index).contains("<title>devsecops-metrics — manager dashboard</title>", "<body data-state=\"loading\">")
                .containsPattern("<nav>.*Definitions</a></nav>\n  <form class=\"filters\" id=\"filters\">")
                .doesNotContain("@chartjs.version@").containsPattern("/webjars/chart\\.js/[0-9.]+/dist/chart\\.umd\\.min\\.js");
        assertThat(layout.page("service")).contains("<a id=\"scope-link\" href=\"/\">This service on the dashboard</a></nav>\n</header>");
        assertThat(layout.page("definitions")).contains("<body>\n", "Definitions</a></nav>\n</header>\n<main class=\"defs\">")
                .doesNotContain("chart.js").doesNotContain("data-state");
    }
}
