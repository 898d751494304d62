package com.devsecopsmetrics.ledger;

import com.devsecopsmetrics.events.Commit;

/**
 * What the ledger knows of one commit: the commit, once it has arrived, and the production deployments listing it
 * (sorted "deployed_at|deployment" entries), whichever came first. Kept together because a deployment reads and
 * updates both, and a commit and the deployment that ships it usually arrive within one commit interval, so the
 * write-back store writes them once.
 */
record CommitFacts(Commit commit, String deployments) {
    static final CommitFacts NONE = new CommitFacts(null, null);

    static CommitFacts orNone(CommitFacts facts) {
        return facts == null ? NONE : facts;
    }

    CommitFacts withCommit(Commit c) {
        return new CommitFacts(c, deployments);
    }

    CommitFacts withDeployments(String listing) {
        return new CommitFacts(commit, listing);
    }

    boolean isEmpty() {
        return commit == null && deployments == null;
    }
}
