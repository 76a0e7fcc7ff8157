package org.socsim.traces.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.graph.ModelGraph;
import org.socsim.traces.TraceFormatException;

/** The graph does not depend on the order a file lists its nodes in; broken graphs are named errors. */
class OnnxOrderTest {
  @Test
  void reversedNodeOrderGivesTheSameGraph() throws Exception {
    Path f = OnnxImportTest.shared().resolve("models/squeezenet1_1.onnx");
    OnnxModel m = OnnxReader.parse(Files.readAllBytes(f), "squeezenet1_1", f);
    List<OnnxModel.Node> rev = new ArrayList<>(m.nodes());
    Collections.reverse(rev);
    OnnxModel r = new OnnxModel(m.name(), m.opset(), rev, m.graphInputs(), m.graphOutputs(), m.tensors(),
        m.initializers(), m.constants());
    ModelGraph a = OnnxGraphs.toGraph(ShapeInference.complete(OnnxReader.topological(m, f)));
    ModelGraph b = OnnxGraphs.toGraph(ShapeInference.complete(OnnxReader.topological(r, f)));
    assertEquals(a.size(), b.size());
    assertEquals(a.edges().size(), b.edges().size());
    assertTrue(a.edges().size() > 60);
    double ma = a.ops().stream().mapToDouble(o -> o.features().macs()).sum();
    double mb = b.ops().stream().mapToDouble(o -> o.features().macs()).sum();
    assertEquals(ma, mb, 1e-6);
  }

  static OnnxModel.Node node(String name, String in, String out) {
    return new OnnxModel.Node(name, "Relu", List.of(in), List.of(out), Map.of());
  }

  @Test
  void cyclesDanglingInputsAndDoubleProducersAreErrors() {
    Path f = Path.of("x.onnx");
    OnnxModel cyc = new OnnxModel("x", 13, List.of(node("a", "t2", "t1"), node("b", "t1", "t2")), List.of(),
        List.of(), Map.of(), Map.of(), Map.of());
    assertTrue(assertThrows(TraceFormatException.class, () -> OnnxReader.topological(cyc, f)).getMessage()
        .contains("cycle"));
    OnnxModel dangling = new OnnxModel("x", 13, List.of(node("a", "nowhere", "t1")), List.of("in"), List.of(),
        Map.of(), Map.of(), Map.of());
    assertTrue(assertThrows(TraceFormatException.class, () -> OnnxReader.topological(dangling, f)).getMessage()
        .contains("'nowhere'"));
    OnnxModel twice = new OnnxModel("x", 13, List.of(node("a", "in", "t1"), node("b", "in", "t1")), List.of("in"),
        List.of(), Map.of(), Map.of(), Map.of());
    assertTrue(assertThrows(TraceFormatException.class, () -> OnnxReader.topological(twice, f)).getMessage()
        .contains("produced by two nodes"));
  }

  @Test
  void anUnknownOpTypeIsAnErrorNotAZeroCostOp(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    byte[] b = Files.readAllBytes(OnnxImportTest.shared().resolve("models/squeezenet1_1.onnx"));
    byte[] conv = {0x22, 0x04, 'C', 'o', 'n', 'v'};
    int at = -1;
    for (int i = 0; i + conv.length <= b.length && at < 0; i++) {
      if (java.util.Arrays.equals(b, i, i + conv.length, conv, 0, conv.length)) {
        at = i;
      }
    }
    assertTrue(at > 0);
    b[at + 3] = 'x';
    Path f = tmp.resolve("unknown.onnx");
    Files.write(f, b);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> OnnxGraphs.load(f));
    assertTrue(e.getMessage().contains("unknown.onnx") && e.getMessage().contains("'Cxnv'"), e.getMessage());
  }
}
