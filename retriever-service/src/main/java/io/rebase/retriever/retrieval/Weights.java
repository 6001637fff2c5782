package io.rebase.retriever.retrieval;

/**
 * How the signals combine: {@code (input*wi + output*wo + description*wd + labels*wl + extractive*we) / (wi+wo+wd)}.
 */
public record Weights(double input, double output, double description, double labels, double extractive) {

    public double combine(double in, double out, double desc, double label, double extr) {
        double norm = input + output + description;
        double sum = in * input + out * output + desc * description + label * labels + extr * extractive;
        return norm > 0 ? sum / norm : sum;
    }
}
