package io.rebase.retriever.retrieval;

/**
 * How the signals combine: {@code (input*wi + output*wo + description*wd + labels*wl + extractive*we + shape*ws) /
 * (wi+wo+wd)}.
 */
public record Weights(double input, double output, double description, double labels, double extractive, double shape) {

    /** Without the shape signal. */
    public Weights(double input, double output, double description, double labels, double extractive) {
        this(input, output, description, labels, extractive, 0);
    }

    public double combine(double in, double out, double desc, double label, double extr) {
        return combine(in, out, desc, label, extr, 0);
    }

    public double combine(double in, double out, double desc, double label, double extr, double shp) {
        double norm = input + output + description;
        double sum = in * input + out * output + desc * description + label * labels + extr * extractive + shp * shape;
        return norm > 0 ? sum / norm : sum;
    }
}
