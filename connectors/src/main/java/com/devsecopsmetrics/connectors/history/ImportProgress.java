package com.devsecopsmetrics.connectors.history;

import java.util.function.Consumer;

/** What an import reports as it goes: pages fetched, then events sent out of the total to send. */
public interface ImportProgress {
    void fetched(String scope, String stream, long objects);

    void sent(String scope, long payloadsDone, long payloadsTotal, long events);

    void note(String message);

    ImportProgress SILENT = notesTo(message -> { });

    /** Counts unreported, notes (what was skipped and why) to {@code notes}. */
    static ImportProgress notesTo(Consumer<String> notes) {
        return new ImportProgress() {
            @Override
            public void fetched(String scope, String stream, long objects) {
            }

            @Override
            public void sent(String scope, long payloadsDone, long payloadsTotal, long events) {
            }

            @Override
            public void note(String message) {
                notes.accept(message);
            }
        };
    }
}
