package com.devsecopsmetrics.events;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/contract.md is the contract the project is built against, carried in the repository so that the README can
 * link it. Where the workspace's original (../shared/DESIGN.md beside the project) is present, the copy must equal it.
 */
class ContractCopyTest {
    static final Path COPY = Path.of("..", "docs", "contract.md");
    static final Path ORIGINAL = Path.of("..", "..", "shared", "DESIGN.md");

    @Test
    void theCopyHoldsEverySectionOfTheContract() throws IOException {
        String copy = Files.readString(COPY);
        for (String section : new String[]{"## 3. Input topics", "## 4. Metric definitions", "## 5. Query API",
                "## 7. Bad input and faults", "## 8. Security"}) {
            assertThat(copy).as("docs/contract.md").contains(section);
        }
    }

    @Test
    void theCopyEqualsTheOriginalWhereItIsPresent() throws IOException {
        if (Files.exists(ORIGINAL)) {
            assertThat(Files.readString(COPY)).as("docs/contract.md must equal " + ORIGINAL.toAbsolutePath().normalize()
                    + ": copy it again").isEqualTo(Files.readString(ORIGINAL));
        }
    }
}
