package io.rebase.cli.command;

import picocli.CommandLine.Command;

/** {@code rebase student}: local checks of student model folders (no running system needed). */
@Command(name = "student", description = "Check student models locally.", subcommands = {ProbeCommand.class})
public class StudentCommand {
}
