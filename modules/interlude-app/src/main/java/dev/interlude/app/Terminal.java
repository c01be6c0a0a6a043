package dev.interlude.app;

import java.util.ArrayList;
import java.util.List;

/**
 * How operator commands draw: aligned tables, with color on a terminal (green running, yellow pending, red failed)
 * and plain text otherwise (a pipe, a file, {@code NO_COLOR}, {@code TERM=dumb}).
 */
final class Terminal {

    enum Color {
        GREEN("32"), YELLOW("33"), RED("31"), BLUE("34"), DIM("2"), BOLD("1");

        private final String code;

        Color(String code) {
            this.code = code;
        }
    }

    private final boolean color;

    Terminal(boolean color) {
        this.color = color;
    }

    /** Color on an interactive terminal, unless {@code NO_COLOR} is set or the terminal is dumb. */
    static Terminal detect() {
        String term = System.getenv("TERM");
        boolean interactive = System.console() != null && System.getenv("NO_COLOR") == null
                && term != null && !term.equals("dumb");
        return new Terminal(interactive);
    }

    boolean interactive() {
        return color;
    }

    String paint(Color c, String text) {
        return color && c != null && !text.isEmpty() ? "\u001b[" + c.code + "m" + text + "\u001b[0m" : text;
    }

    /** Clears the screen and homes the cursor, so {@code --watch} redraws in place. */
    String clear() {
        return color ? "\u001b[H\u001b[2J" : "";
    }

    /** A table: a header row and rows of cells, each row with an optional color for its first cell. */
    static final class Table {
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();
        private final List<Color> colors = new ArrayList<>();

        Table(String... header) {
            this.header = List.of(header);
        }

        Table row(Color color, String... cells) {
            List<String> row = new ArrayList<>();
            for (String cell : cells) {
                row.add(cell == null ? "" : cell);
            }
            rows.add(row);
            colors.add(color);
            return this;
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        String render(Terminal terminal, String indent) {
            int[] widths = new int[header.size()];
            for (int i = 0; i < header.size(); i++) {
                widths[i] = header.get(i).length();
            }
            for (List<String> row : rows) {
                for (int i = 0; i < Math.min(row.size(), widths.length); i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            StringBuilder out = new StringBuilder();
            out.append(indent).append(terminal.paint(Color.DIM, line(header, widths))).append('\n');
            for (int r = 0; r < rows.size(); r++) {
                List<String> row = rows.get(r);
                String first = pad(row.isEmpty() ? "" : row.get(0), widths[0]);
                String rest = line(row.subList(Math.min(1, row.size()), row.size()),
                        java.util.Arrays.copyOfRange(widths, 1, widths.length));
                out.append(indent).append(terminal.paint(colors.get(r), first))
                        .append(rest.isEmpty() ? "" : "  " + rest).append('\n');
            }
            return out.toString();
        }

        private static String line(List<String> cells, int[] widths) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.size() && i < widths.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                line.append(i == cells.size() - 1 ? cells.get(i) : pad(cells.get(i), widths[i]));
            }
            return line.toString().stripTrailing();
        }

        private static String pad(String text, int width) {
            return text.length() >= width ? text : text + " ".repeat(width - text.length());
        }
    }
}
