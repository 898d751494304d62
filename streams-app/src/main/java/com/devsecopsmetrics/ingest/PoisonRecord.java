package com.devsecopsmetrics.ingest;

/** A record that made the application fail before; on the next start it goes to the dead-letter topic. */
public class PoisonRecord extends RuntimeException {
    public PoisonRecord(String message) {
        super(message);
    }
}
