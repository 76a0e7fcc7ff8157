package org.socsim.study;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The error figures the findings are judged against are those docs/fidelity.md publishes. */
class ValidatedErrorTest {
  @Test
  void figuresMatchDocsFidelity() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "fidelity.md"));
    assertTrue(Pattern.compile("kind parallel\\s+n=10\\s+mean\\|err\\|\\s+4\\.52%\\s+median\\s+\\S+\\s+p90\\s+9\\.38%")
        .matcher(doc).find(), "kind parallel 4.52 % / p90 9.38 % (ValidatedError.PLAN_PCT)");
    assertTrue(doc.contains(String.format(java.util.Locale.ROOT, "%.2f%%", ValidatedError.PLAN_PCT)));
    int runs = doc.indexOf("### runs (prediction in time)");
    assertTrue(runs > 0, "section 'runs' in docs/fidelity.md");
    assertTrue(Pattern.compile("kind serial\\s+n=207\\s+mean\\|err\\|\\s+1\\.38%").matcher(doc.substring(runs)).find(),
        "kind serial of --holdout runs 1.38 % (ValidatedError.SERIAL_PCT)");
    assertTrue(Pattern.compile("all\\s+n=187\\s+mean\\|err\\|\\s+9\\.62%").matcher(doc).find(),
        "--holdout model 9.62 % (ValidatedError.UNSEEN_MODEL_PCT)");
  }
}
