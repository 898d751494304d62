package com.devsecopsmetrics.connectors.alerts;

/**
 * Text that producers control (team and service names reach the alert's scope, id and evidence) made inert before
 * it goes into a chat message: it must not mention people (Slack {@code <!channel>}, {@code <@U…>}, a bare
 * {@code @here}; Teams {@code <at>}), add links, break out of its line or reorder text with bidi controls.
 */
final class SafeText {
    /** A zero-width space: after {@code @} it stops a mention, inside {@code ://} it stops auto-linking. */
    static final char BREAK = '\u200B';
    /** Markdown that can form a link, an image, emphasis, code, a table, a quote or an HTML-like tag anywhere. */
    private static final String MARKDOWN_INLINE = "\\`*_[]()!|~<>";
    /** Markdown that starts a list or a heading only at the start of the text. */
    private static final String MARKDOWN_LEADING = "-+#";

    private SafeText() {
    }

    /**
     * Control characters (newlines too) and bidi overrides become a space, mentions and URLs are broken with a
     * zero-width space, and the text is cut to {@code max} characters (ending in an ellipsis).
     */
    static String neutral(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max) + 8);
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || isBidiControl(c) || c == BREAK) {
                out.append(' ');
            } else {
                out.append(c);
                if (c == '@' || (c == ':' && s.startsWith("//", i + 1))) {
                    out.append(BREAK);
                }
            }
        }
        if (out.length() >= max && s.length() > max) {
            out.setLength(max - 1);
            out.append('…');
        }
        return out.toString();
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C' || c == '\uFEFF';
    }

    /**
     * For Slack mrkdwn: an inline code span, inside which Slack neither formats nor links, with {@code &}, {@code <},
     * {@code >} as the entities Slack requires (so no {@code <!here>} or {@code <url|label>}) and backticks, which
     * would end the span, replaced by a look-alike.
     */
    static String slackCode(String s, int max) {
        String n = neutral(s, max);
        if (n.isEmpty()) {
            return "";
        }
        return "`" + slackEscape(n.replace('`', 'ˋ')) + "`";
    }

    /** Slack's three entities, for text that is ours apart from such values. */
    static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * For Teams (Adaptive Card TextBlock and FactSet markdown): markdown punctuation backslash-escaped (CommonMark), so
     * that no link, image, emphasis, list or {@code <at>} mention can be formed.
     */
    static String teams(String s, int max) {
        String n = neutral(s, max);
        StringBuilder out = new StringBuilder(n.length() + 16);
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (MARKDOWN_INLINE.indexOf(c) >= 0 || (i == 0 && MARKDOWN_LEADING.indexOf(c) >= 0)) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
