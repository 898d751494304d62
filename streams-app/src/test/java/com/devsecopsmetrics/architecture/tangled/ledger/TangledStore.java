package com.devsecopsmetrics.architecture.tangled.ledger;

import com.devsecopsmetrics.architecture.tangled.metrics.TangledFigures;

/** The store the tangled metric points back up to, closing the cycle. */
public final class TangledStore {
    TangledFigures figures;
}
