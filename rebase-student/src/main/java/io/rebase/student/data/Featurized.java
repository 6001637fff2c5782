package io.rebase.student.data;

import java.util.List;

/**
 * Result of turning examples into training instances.
 *
 * @param instances usable instances (a QA example may yield several windows)
 * @param dropped   examples that could not be used (QA answer not a span of the context, unknown
 *                  label or option letter, missing fields)
 */
public record Featurized(List<Instance> instances, int dropped) {}
