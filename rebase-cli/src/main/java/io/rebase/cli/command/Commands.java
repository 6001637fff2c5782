package io.rebase.cli.command;

import io.rebase.cli.CliException;
import io.rebase.cli.http.ServiceClient;

import java.util.concurrent.Callable;

/** Runs a command body, turning expected failures into one line on stderr and exit code 2. */
final class Commands {

    private Commands() {
    }

    static int run(Callable<Integer> body) {
        try {
            return body.call();
        } catch (CliException | ServiceClient.ServiceException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("error: " + e);
            return 1;
        }
    }
}
