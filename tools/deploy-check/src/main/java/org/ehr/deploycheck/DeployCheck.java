package org.ehr.deploycheck;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Lints a chart with {@code helm lint --strict}, then renders it with {@code helm template}: once
 * with its own values, and once more for each extra values file given.
 *
 * <pre>DeployCheck CHART_DIR OUT_DIR [NAME=VALUES_FILE ...]</pre>
 *
 * Writes OUT_DIR/lint.txt and OUT_DIR/NAME.yaml ("default.yaml" for the chart's own values), or
 * OUT_DIR/NAME.error with helm's message when that rendering is refused (a values file the chart's
 * values.schema.json rejects, a required value missing). A lint failure exits 1 before anything is
 * rendered.
 */
public final class DeployCheck {
  private DeployCheck() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: DeployCheck CHART_DIR OUT_DIR [NAME=VALUES_FILE ...]");
      System.exit(64);
    }
    Path chart = Path.of(args[0]).toAbsolutePath();
    Path out = Files.createDirectories(Path.of(args[1]));

    LintResult lint = new Helm(chart).lint().strict().call();
    Files.write(out.resolve("lint.txt"), lint.getMessages());
    if (lint.isFailed()) {
      System.err.println("helm lint --strict failed:");
      lint.getMessages().forEach(message -> System.err.println("  " + message));
      System.exit(1);
    }

    render(chart, "default", null, out);
    for (int i = 2; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        System.err.println("expected NAME=VALUES_FILE, got " + args[i]);
        System.exit(64);
      }
      render(chart, args[i].substring(0, eq), Path.of(args[i].substring(eq + 1)).toAbsolutePath(), out);
    }
  }

  private static void render(Path chart, String name, Path values, Path out) throws IOException {
    var template = Helm.template(chart.toString()).withName("ehr").withNamespace("ehr");
    if (values != null) template = template.withValuesFile(values);
    Files.deleteIfExists(out.resolve(name + ".yaml"));
    Files.deleteIfExists(out.resolve(name + ".error"));
    try {
      Files.writeString(out.resolve(name + ".yaml"), template.call());
    } catch (RuntimeException e) {
      Files.writeString(out.resolve(name + ".error"), String.valueOf(e.getMessage()));
    }
  }
}
