import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The leave-one-dataset-out plot: per task, the accuracy of the majority class, the few-shot-only student and the
 * served model as grouped bars, tasks sorted by served minus few-shot. Plain Java 2D, no dependency: run as
 * {@code java -Djava.awt.headless=true PlotLodo.java lodo-plot.tsv out.png} (TSV: task, majority, few-shot, served).
 */
public final class PlotLodo {

    private static final Color MAJORITY = new Color(0xbbbbbb);
    private static final Color FEW_SHOT = new Color(0x1f77b4);
    private static final Color SERVED = new Color(0xff7f0e);
    private static final int LEFT = 70;
    private static final int TOP = 50;
    private static final int BOTTOM = 150;
    private static final int PLOT_HEIGHT = 360;

    private record Task(String name, double majority, double fewShot, double served) {
        double gain() {
            return served - fewShot;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PlotLodo lodo-plot.tsv out.png");
        }
        List<Task> tasks = read(Path.of(args[0]));
        tasks.sort((a, b) -> Double.compare(b.gain(), a.gain()));
        int group = 46;
        int width = LEFT + Math.max(10, tasks.size()) * group + 200;
        BufferedImage img = new BufferedImage(width, TOP + PLOT_HEIGHT + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        axes(g, width - 200);
        for (int i = 0; i < tasks.size(); i++) {
            bars(g, tasks.get(i), LEFT + i * group + 6);
        }
        legend(g, width - 190);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Leave one dataset out: accuracy per task, sorted by served - few-shot", LEFT, 25);
        g.dispose();
        ImageIO.write(img, "png", new File(args[1]));
    }

    private static List<Task> read(Path tsv) throws IOException {
        List<Task> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 4) {
                throw new IllegalArgumentException(tsv + ": expected task, majority, few-shot, served in '" + line + "'");
            }
            out.add(new Task(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
        }
        return out;
    }

    private static int y(double accuracy) {
        return TOP + (int) Math.round(PLOT_HEIGHT * (1 - accuracy));
    }

    private static void axes(Graphics2D g, int right) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 10; i++) {
            double a = i / 10.0;
            g.setColor(new Color(0xeeeeee));
            g.drawLine(LEFT, y(a), right, y(a));
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%.1f", a), LEFT - 30, y(a) + 4);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, y(0));
        g.drawLine(LEFT, y(0), right, y(0));
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString("accuracy", -(TOP + PLOT_HEIGHT / 2) - 20, 20);
        r.dispose();
    }

    private static void bars(Graphics2D g, Task t, int x) {
        double[] values = {t.majority(), t.fewShot(), t.served()};
        Color[] colours = {MAJORITY, FEW_SHOT, SERVED};
        for (int k = 0; k < 3; k++) {
            g.setColor(colours[k]);
            g.fillRect(x + k * 11, y(values[k]), 10, y(0) - y(values[k]));
        }
        g.setColor(t.gain() < -0.01 ? new Color(0xd62728) : Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(String.format("%+.0f", 100 * t.gain()), x + 4, y(Math.max(t.fewShot(), t.served())) - 4);
        Graphics2D r = (Graphics2D) g.create();
        r.setColor(Color.BLACK);
        r.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        r.translate(x + 20, y(0) + 8);
        r.rotate(Math.PI / 4);
        r.drawString(t.name(), 0, 0);
        r.dispose();
    }

    private static void legend(Graphics2D g, int x) {
        String[] names = {"majority class", "few-shot only", "served model"};
        Color[] colours = {MAJORITY, FEW_SHOT, SERVED};
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k < 3; k++) {
            g.setColor(colours[k]);
            g.fillRect(x, TOP + 10 + k * 22, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(names[k], x + 20, TOP + 22 + k * 22);
        }
        g.setStroke(new BasicStroke(1f));
        g.drawString("number: served - few-shot", x, TOP + 92);
        g.drawString("(points; red: below -1)", x, TOP + 108);
    }
}
