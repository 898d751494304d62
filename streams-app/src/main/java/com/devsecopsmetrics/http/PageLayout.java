package com.devsecopsmetrics.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The dashboard's pages share one layout ({@code pages/layout.html}: the head with the stylesheet and the common
 * scripts, and the top header with its navigation), so a change to it reaches every page. A page's own resource fills
 * the layout's slots: a line {@code <!-- slot: NAME -->} starts the text of slot NAME. In the layout, {@code {{NAME}}}
 * alone on a line takes the slot's lines, and the line goes when the page leaves the slot out; within a line it takes
 * the slot's text, and an empty slot takes the space before it along, so {@code <body {{body-attributes}}>} gives
 * {@code <body>} on a page without attributes.
 */
final class PageLayout {
    private static final Pattern SLOT_START = Pattern.compile("<!-- slot: ([a-z-]+) -->");
    private static final Pattern SLOT_LINE = Pattern.compile("\\{\\{([a-z-]+)}}");
    private static final Pattern SLOT_IN_LINE = Pattern.compile("( ?)\\{\\{([a-z-]+)}}");

    private final String layout;
    private final Set<String> slots;

    private PageLayout(String layout) {
        this.layout = layout;
        this.slots = SLOT_LINE.matcher(layout).results().map(m -> m.group(1)).collect(Collectors.toUnmodifiableSet());
    }

    static PageLayout load() {
        return new PageLayout(resource("pages/layout.html"));
    }

    /** The page whose slots {@code pages/NAME.html} fills, as the browser gets it. */
    String page(String name) {
        Map<String, String> filled = slots(name);
        StringBuilder page = new StringBuilder();
        for (String line : layout.split("\n", -1)) {
            Matcher alone = SLOT_LINE.matcher(line);
            if (!alone.matches()) {
                page.append('\n').append(SLOT_IN_LINE.matcher(line).replaceAll(m -> {
                    String text = filled.getOrDefault(m.group(2), "");
                    return Matcher.quoteReplacement(text.isEmpty() ? "" : m.group(1) + text);
                }));
            } else if (filled.containsKey(alone.group(1))) {
                page.append('\n').append(filled.get(alone.group(1)));
            }
        }
        return page.substring(1);
    }

    private Map<String, String> slots(String name) {
        String path = "pages/" + name + ".html";
        Map<String, String> filled = new HashMap<>();
        String slot = null;
        for (String line : resource(path).split("\n")) {
            Matcher start = SLOT_START.matcher(line);
            if (start.matches()) {
                slot = start.group(1);
                if (!slots.contains(slot)) {
                    throw new IllegalStateException(path + ": the layout has no slot '" + slot + "'");
                }
            } else if (slot == null) {
                throw new IllegalStateException(path + ": text before the first slot");
            } else {
                filled.merge(slot, line, (before, next) -> before + "\n" + next);
            }
        }
        return filled;
    }

    private static String resource(String path) {
        try (InputStream in = PageLayout.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
