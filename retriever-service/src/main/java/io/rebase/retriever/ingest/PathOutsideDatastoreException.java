package io.rebase.retriever.ingest;

/** A requested path that resolves outside the datastore root (path traversal): refused. */
public class PathOutsideDatastoreException extends RuntimeException {
    public PathOutsideDatastoreException(String path) {
        super("path '" + path + "' is outside the datastore root");
    }
}
