package io.rebase.retriever.store;

/** The contract against the exact in-memory store. */
class BruteForceVectorStoreTest extends VectorStoreContract {
    @Override
    protected VectorStore create() {
        return new BruteForceVectorStore();
    }
}
