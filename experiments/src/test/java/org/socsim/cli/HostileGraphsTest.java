package org.socsim.cli;

import static org.socsim.cli.Hostile.Expect.FILE;
import static org.socsim.cli.Hostile.Expect.LINE;
import static org.socsim.cli.Hostile.Expect.PATH;
import static org.socsim.cli.Hostile.replaceLine;
import static org.socsim.cli.Hostile.sub;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile model graphs (ONNX, ncnn .param, HOPE .dot), corrupted copies of the shared files made at test time. */
class HostileGraphsTest {
  @TempDir
  Path tmp;

  private String[] run(String soc, Path model, String... more) {
    List<String> a = new ArrayList<>(List.of("run", "--soc", soc, "--model", model.toString(), "--json", "--trace",
        tmp.resolve("out/t.json").toString()));
    a.addAll(Arrays.asList(more));
    return a.toArray(String[]::new);
  }

  @Test
  void onnx() throws Exception {
    SharedGate.need("../shared not found: hostile ONNX cases skipped");
    Path src = SharedData.root().get().resolve("models/squeezenet1_1.onnx");
    byte[] b = Files.readAllBytes(src);
    ModelProto m = ModelProto.parseFrom(b);
    String[] opts = {"--strategy", "solo-cpu", "--threads", "1"};
    Hostile h = new Hostile("onnx").outputs(tmp.resolve("out"));
    h.baseline(Hostile::latency, run("host", src, opts));
    int[] k = {0};
    class Add {
      Path bytes(byte[] data) throws Exception {
        Path p = tmp.resolve("o" + k[0]++).resolve("squeezenet1_1.onnx");
        Files.createDirectories(p.getParent());
        Files.write(p, data);
        return p;
      }

      Path graph(UnaryOperator<GraphProto.Builder> f) throws Exception {
        ModelProto.Builder mb = m.toBuilder();
        f.apply(mb.getGraphBuilder());
        return bytes(mb.build().toByteArray());
      }
    }
    Add add = new Add();
    byte[] flip = b.clone();
    for (int i = 0; i < flip.length; i += 97) {
      flip[i] ^= (byte) 0xff;
    }
    byte[] zeros = new byte[4096];
    byte[] tail = Arrays.copyOf(b, b.length + 7);
    System.arraycopy(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2}, 0, tail,
        b.length, 7);
    bad(h, "empty", FILE, add.bytes(new byte[0]), opts);
    bad(h, "truncated to half", FILE, add.bytes(Arrays.copyOf(b, b.length / 2)), opts);
    bad(h, "truncated to 10 bytes", FILE, add.bytes(Arrays.copyOf(b, 10)), opts);
    bad(h, "text, not protobuf", FILE, add.bytes("garbage, not protobuf\n".repeat(20).getBytes()), opts);
    bad(h, "4096 zero bytes", FILE, add.bytes(zeros), opts);
    bad(h, "a byte flipped every 97", FILE, add.bytes(flip), opts);
    bad(h, "garbage appended", FILE, add.bytes(tail), opts);
    bad(h, "no graph", FILE, add.bytes(m.toBuilder().clearGraph().build().toByteArray()), opts);
    h.same("nodes in reverse order", run("host", add.graph(g -> {
      List<NodeProto> n = new ArrayList<>(g.getNodeList());
      java.util.Collections.reverse(n);
      return g.clearNode().addAllNode(n);
    }), opts));
    h.same("node names blanked", run("host", add.graph(g -> {
      for (int i = 0; i < g.getNodeCount(); i++) {
        g.setNode(i, g.getNode(i).toBuilder().clearName());
      }
      return g;
    }), opts));
    bad(h, "a Conv renamed to an unknown op type", PATH, add.graph(g -> g.setNode(conv(g), g.getNode(conv(g)).toBuilder()
        .setOpType("Conv2"))), opts);
    bad(h, "initializers removed", PATH, add.graph(g -> g.clearInitializer()), opts);
    bad(h, "dangling input", PATH, add.graph(g -> g.setNode(3, g.getNode(3).toBuilder().setInput(0, "nosuch"))), opts);
    bad(h, "a node listed twice (double producer)", PATH, add.graph(g -> g.addNode(g.getNode(5))), opts);
    bad(h, "cycle", PATH, add.graph(g -> g.setNode(1, g.getNode(1).toBuilder().addInput(
        g.getNode(g.getNodeCount() - 1).getOutput(0)))), opts);
    bad(h, "no nodes", FILE, add.graph(g -> g.clearNode()), opts);
    bad(h, "input dim 0", PATH, add.graph(g -> g.setInput(0, dim(g.getInput(0), 2, 0))), opts);
    bad(h, "input dim negative", PATH, add.graph(g -> g.setInput(0, dim(g.getInput(0), 3, -224))), opts);
    bad(h, "input dim 10^12", PATH, add.graph(g -> g.setInput(0, dim(g.getInput(0), 2, 1_000_000_000_000L))), opts);
    bad(h, "Conv strides 0", PATH, add.graph(g -> g.setNode(conv(g), attr(g.getNode(conv(g)), "strides", 0))), opts);
    bad(h, "Conv kernel_shape negative", PATH, add.graph(g -> g.setNode(conv(g), attr(g.getNode(conv(g)),
        "kernel_shape", -3))), opts);
    bad(h, "node without outputs", PATH, add.graph(g -> g.setNode(2, g.getNode(2).toBuilder().clearOutput())), opts);
    bad(h, "Conv weights of another shape", PATH, add.graph(g -> {
      String w = g.getNode(conv(g)).getInput(1);
      for (int i = 0; i < g.getInitializerCount(); i++) {
        if (g.getInitializer(i).getName().equals(w)) {
          g.setInitializer(i, g.getInitializer(i).toBuilder().setDims(1, 7));
        }
      }
      return g;
    }), opts);
    h.check(15);
  }

  private void bad(Hostile h, String label, Hostile.Expect e, Path p, String[] opts) {
    h.error(label, p, e, run("host", p, opts));
  }

  /** Index of the first Conv node. */
  private static int conv(GraphProto.Builder g) {
    for (int i = 0; i < g.getNodeCount(); i++) {
      if (g.getNode(i).getOpType().equals("Conv")) {
        return i;
      }
    }
    throw new AssertionError("no Conv node");
  }

  private static ValueInfoProto dim(ValueInfoProto v, int i, long value) {
    ValueInfoProto.Builder b = v.toBuilder();
    TensorShapeProto.Builder s = b.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
    s.setDim(i, s.getDim(i).toBuilder().setDimValue(value));
    return b.build();
  }

  private static NodeProto attr(NodeProto n, String name, long v) {
    NodeProto.Builder b = n.toBuilder();
    for (int i = 0; i < b.getAttributeCount(); i++) {
      if (b.getAttribute(i).getName().equals(name)) {
        var a = b.getAttribute(i).toBuilder();
        for (int j = 0; j < a.getIntsCount(); j++) {
          a.setInts(j, v);
        }
        b.setAttribute(i, a);
        return b.build();
      }
    }
    throw new AssertionError("node " + n.getName() + " has no attribute " + name);
  }

  @Test
  void ncnnParam() throws Exception {
    SharedGate.need("../shared not found: hostile ncnn .param cases skipped");
    Path models = SharedData.root().get().resolve("traces/ncnn-bench/models");
    Path src = models.resolve("squeezenet.param");
    String t = Hostile.read(src);
    Hostile h = new Hostile("ncnn .param").outputs(tmp.resolve("out"));
    h.baseline(Hostile::latency, run("redmi", src, "--strategy", "heft"));
    String[][] lines = {
        {"binary", Hostile.BINARY},
        {"wrong magic", replaceLine(t, 0, "7767518")},
        {"layer count +1", replaceLine(t, 1, "49 56")},
        {"blob count wrong", replaceLine(t, 1, "48 99")},
        {"header not numbers", replaceLine(t, 1, "abc def")},
        {"unknown layer type", sub(t, "\nPooling ", "\nPoolingX ")},
        {"duplicate layer name", sub(t, "fire2/squeeze1x1    ", "conv1               ")},
        {"input blob nobody produces", sub(t, " 1 1 conv1_relu_conv1 pool1", " 1 1 nosuchblob pool1")},
        {"kernel 0", sub(t, "0=64 1=3 3=2", "0=64 1=0 3=2")},
        {"stride 0", sub(t, "0=64 1=3 3=2", "0=64 1=3 3=0")},
        {"num_output 0", sub(t, "0=64 1=3 3=2", "0=0 1=3 3=2")},
        {"num_output negative", sub(t, "0=64 1=3 3=2", "0=-64 1=3 3=2")},
        {"value not a number", sub(t, "0=64 1=3 3=2", "0=abc 1=3 3=2")},
        {"input count larger than the blobs listed", sub(t, "Pooling                  pool1                    1 1",
            "Pooling                  pool1                    3 1")},
        {"blob produced twice", sub(t, " 1 1 conv1_relu_conv1 pool1", " 1 1 conv1_relu_conv1 data")},
        {"Input width 0", sub(t, "0=227 1=227 2=3", "0=0 1=227 2=3")},
        {"weight_data_size inconsistent", sub(t, "5=1 6=1728", "5=1 6=999999")},
        {"num_output 10^9", sub(t, "0=64 1=3 3=2", "0=1000000000 1=3 3=2")},
        {"second half cut off", t.substring(0, t.indexOf('\n', t.length() / 2))}};
    int k = 0;
    Path empty = Hostile.write(tmp.resolve("n" + k++), "squeezenet.param", "");
    h.error("empty", empty, FILE, run("redmi", empty, "--strategy", "heft"));
    for (String[] c : lines) {
      Path p = Hostile.write(tmp.resolve("n" + k++), "squeezenet.param", c[1]);
      h.error(c[0], p, LINE, run("redmi", p, "--strategy", "heft"));
    }
    Path crlf = Hostile.write(tmp.resolve("n" + k++), "squeezenet.param", t.replace("\n", "\r\n"));
    h.same("CRLF line ends", run("redmi", crlf, "--strategy", "heft"));
    Path blank = Hostile.write(tmp.resolve("n" + k++), "squeezenet.param", t.replace("\nPooling", "\n\n  \nPooling"));
    h.same("blank lines", run("redmi", blank, "--strategy", "heft"));
    h.check(15);
  }

  @Test
  void dot() throws Exception {
    SharedGate.need("../shared not found: hostile .dot cases skipped");
    Path src = SharedData.root().get().resolve("traces/hope-mnn/models/inception-v3/inception-v3.dot");
    String t = Hostile.read(src);
    String[] l = t.split("\n");
    String firstEdge = l[1];
    String a = firstEdge.replaceAll("^\"([^\"]+)\"->.*$", "$1");
    String b2 = firstEdge.replaceAll("^\"[^\"]+\"->\"([^\"]+)\".*$", "$1");
    Hostile h = new Hostile("dot").outputs(tmp.resolve("out"));
    h.baseline(Hostile::latency, run("redmi", src, "--strategy", "heft"));
    String[][] bad = {
        {"binary", Hostile.BINARY},
        {"no digraph header", t.substring(t.indexOf('\n') + 1)},
        {"cycle", t.replaceFirst("\\}\\s*$", "") + "\"" + b2 + "\"->\"" + a + "\";\n}\n"},
        {"self loop", t.replaceFirst("\\}\\s*$", "") + "\"" + a + "\"->\"" + a + "\";\n}\n"},
        {"edge without closing quote", replaceLine(t, 1, firstEdge.replaceFirst("\";$", ";"))},
        {"edge without a target", replaceLine(t, 1, "\"" + a + "\"->;")},
        {"unterminated attribute", replaceLine(t, 2, "\"" + a + "\" [weight=")},
        {"no closing brace (truncated)", t.substring(0, t.lastIndexOf('}'))},
        {"cut at a line in the middle", String.join("\n", Arrays.copyOfRange(l, 0, l.length / 2)) + "\n"},
        {"text after the closing brace", t + "\n\"x\"->\"y\";\n"},
        {"second digraph", replaceLine(t, 3, "digraph H {")},
        {"op renamed in one edge (typo)", replaceLine(t, 3, l[3].replace("Conv2d_2a_3x3", "Conv2d_2a_3x4"))},
        {"html instead of dot", "<html><body>404 Not Found</body></html>\n"}};
    int k = 0;
    Path empty = Hostile.write(tmp.resolve("d" + k++), "inception-v3.dot", "");
    h.error("empty", empty, FILE, run("redmi", empty, "--strategy", "heft"));
    for (String[] c : bad) {
      Path p = Hostile.write(tmp.resolve("d" + k++), "inception-v3.dot", c[1]);
      h.error(c[0], p, LINE, run("redmi", p, "--strategy", "heft"));
    }
    String last = l[l.length - 2].replaceAll("^\"([^\"]+)\".*$", "$1");
    StringBuilder without = new StringBuilder();
    for (String x : l) {
      if (!x.contains("\"" + last + "\"")) {
        without.append(x).append('\n');
      }
    }
    Path fewer = Hostile.write(tmp.resolve("d" + k++), "inception-v3.dot", without.toString());
    h.warn("an op of the model missing", "lacks 1 of the 130 ops", run("redmi", fewer, "--strategy", "heft"));
    Path crlf = Hostile.write(tmp.resolve("d" + k++), "inception-v3.dot", t.replace("\n", "\r\n"));
    h.same("CRLF line ends", run("redmi", crlf, "--strategy", "heft"));
    Path dup = Hostile.write(tmp.resolve("d" + k++), "inception-v3.dot", replaceLine(t, 1, firstEdge + "\n"
        + firstEdge));
    h.same("an edge listed twice", run("redmi", dup, "--strategy", "heft"));
    h.check(15);
  }
}
