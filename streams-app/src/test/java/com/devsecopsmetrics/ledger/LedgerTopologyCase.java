package com.devsecopsmetrics.ledger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test of the whole application topology: each test method gets a fresh {@link LedgerDriver} with the default configuration. */
abstract class LedgerTopologyCase {
    @TempDir
    Path stateDir;
    LedgerDriver ledger;

    @BeforeEach
    void startTheTopology() {
        ledger = new LedgerDriver(stateDir);
    }

    @AfterEach
    void closeTheTopology() {
        ledger.close();
    }
}
