#include "onnx_export.h"

#include <map>

#include "error.h"
#include "module_layout.h"
#include "protobuf_writer.h"
#include "spec_json.h"

namespace ae::interop {

namespace {

// Field numbers and enum values of onnx.proto (ONNX 1.x) used below.
namespace onnx {
enum Model { kIrVersion = 1, kProducerName = 2, kProducerVersion = 3, kDocString = 6, kGraph = 7, kOpsetImport = 8,
             kMetadataProps = 14 };
enum Graph { kNode = 1, kName = 2, kInitializer = 5, kInput = 11, kOutput = 12 };
enum Node { kNodeInput = 1, kNodeOutput = 2, kNodeName = 3, kOpType = 4, kAttribute = 5 };
enum Attribute { kAttrName = 1, kAttrF = 2, kAttrI = 3, kAttrInts = 8, kAttrType = 20 };
enum AttributeType { kFloat = 1, kInt = 2, kInts = 7 };
enum Tensor { kDims = 1, kDataType = 2, kTensorName = 8, kRawData = 9 };
enum DataType { kFloat32 = 1, kInt64 = 7 };
}  // namespace onnx

struct Attr {
  std::string name;
  std::vector<int64_t> ints;
  bool is_float = false;
  float f = 0;
  bool single = false;  // an INT, not INTS
};

class GraphBuilder {
 public:
  void initializer(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& data) {
    ProtoWriter t;
    for (int64_t d : dims) t.int64(onnx::kDims, d);
    t.varint(onnx::kDataType, onnx::kFloat32).string(onnx::kTensorName, name);
    std::vector<uint8_t> raw;
    raw.reserve(data.size() * 4);
    for (float f : data) {
      uint32_t v;
      std::memcpy(&v, &f, 4);
      for (int i = 0; i < 4; ++i) raw.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    t.bytes(onnx::kRawData, raw.data(), raw.size());
    graph_.message(onnx::kInitializer, t);
  }
  void int64_initializer(const std::string& name, const std::vector<int64_t>& values) {
    ProtoWriter t;
    t.int64(onnx::kDims, static_cast<int64_t>(values.size()));
    t.varint(onnx::kDataType, onnx::kInt64).string(onnx::kTensorName, name);
    std::vector<uint8_t> raw;
    for (int64_t v : values)
      for (int i = 0; i < 8; ++i) raw.push_back(static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i)));
    t.bytes(onnx::kRawData, raw.data(), raw.size());
    graph_.message(onnx::kInitializer, t);
  }
  // Adds a node and returns its output's name.
  std::string node(const std::string& op, const std::vector<std::string>& inputs, const std::string& output,
                   const std::vector<Attr>& attrs = {}) {
    ProtoWriter n;
    for (const auto& in : inputs) n.string(onnx::kNodeInput, in);
    n.string(onnx::kNodeOutput, output).string(onnx::kNodeName, output).string(onnx::kOpType, op);
    for (const Attr& a : attrs) {
      ProtoWriter w;
      w.string(onnx::kAttrName, a.name);
      if (a.is_float) w.float32(onnx::kAttrF, a.f).varint(onnx::kAttrType, onnx::kFloat);
      else if (a.single) w.int64(onnx::kAttrI, a.ints.at(0)).varint(onnx::kAttrType, onnx::kInt);
      else {
        for (int64_t v : a.ints) w.int64(onnx::kAttrInts, v);
        w.varint(onnx::kAttrType, onnx::kInts);
      }
      n.message(onnx::kAttribute, w);
    }
    graph_.message(onnx::kNode, n);
    return output;
  }
  void value_info(int field, const std::string& name, int64_t width) {
    ProtoWriter batch, features, shape, tensor, type, info;
    batch.string(2, "batch");                     // Dimension.dim_param
    features.int64(1, width);                     // Dimension.dim_value
    shape.message(1, batch).message(1, features); // TensorShapeProto.dim
    tensor.varint(1, onnx::kFloat32).message(2, shape);  // TypeProto.Tensor: elem_type, shape
    type.message(1, tensor);                      // TypeProto.tensor_type
    info.string(1, name).message(2, type);        // ValueInfoProto: name, type
    graph_.message(field, info);
  }
  ProtoWriter& graph() { return graph_; }

 private:
  ProtoWriter graph_;
};

// The nodes of one Sequential (or head), from tensor `x`; returns the name of its output.
std::string emit(GraphBuilder& g, const std::vector<ModuleStep>& steps, std::string x) {
  for (const ModuleStep& s : steps) {
    const std::string out = s.name + ".out";
    const std::vector<int64_t> k2{s.kernel, s.kernel}, s2{s.stride, s.stride}, p4{s.pad, s.pad, s.pad, s.pad};
    switch (s.kind) {
      case StepKind::Linear:
        x = g.node("Gemm", {x, s.name + ".weight", s.name + ".bias"}, out, {{"transB", {1}, false, 0, true}});
        break;
      case StepKind::TiedLinear:  // x · W of the encoder layer (its [out, in] weight, not transposed)
        x = g.node("Gemm", {x, s.tied_to + ".weight", s.name + ".bias"}, out);
        break;
      case StepKind::Conv2d:
        x = g.node("Conv", {x, s.name + ".weight", s.name + ".bias"}, out,
                   {{"kernel_shape", k2}, {"strides", s2}, {"pads", p4}});
        break;
      case StepKind::ConvTranspose2d:
        x = g.node("ConvTranspose", {x, s.name + ".weight", s.name + ".bias"}, out,
                   {{"kernel_shape", k2}, {"strides", s2}, {"pads", p4},
                    {"output_padding", {s.output_padding, s.output_padding}}});
        break;
      case StepKind::Act:
        switch (s.act) {
          case Activation::Identity: break;
          case Activation::ReLU: x = g.node("Relu", {x}, out); break;
          case Activation::Sigmoid: x = g.node("Sigmoid", {x}, out); break;
          case Activation::Tanh: x = g.node("Tanh", {x}, out); break;
          case Activation::LeakyReLU: x = g.node("LeakyRelu", {x}, out, {{"alpha", {}, true, kLeakySlope}}); break;
        }
        break;
      case StepKind::Flatten: x = g.node("Flatten", {x}, out, {{"axis", {1}, false, 0, true}}); break;
      case StepKind::Unflatten: {
        std::vector<int64_t> shape{-1};
        for (int d : s.unflatten) shape.push_back(d);
        g.int64_initializer(s.name + ".shape", shape);
        x = g.node("Reshape", {x, s.name + ".shape"}, out);
        break;
      }
    }
  }
  return x;
}

}  // namespace

std::vector<uint8_t> export_onnx(const ModelFile& file) {
  const ModuleLayout layout = module_layout(file.spec);
  GraphBuilder g;
  g.graph().string(onnx::kName, layout.class_name);
  for (const NamedTensor& t : to_state_dict(file.spec, file.params)) g.initializer(t.name, t.shape, t.data);
  const int64_t pixels = file.spec.input_size(), outputs = file.spec.output_size(), latent = file.spec.latent_size();
  g.value_info(onnx::kInput, "input", pixels);
  const std::string h = emit(g, layout.encoder, "input");
  if (family_info(file.spec.family).variational) {
    const std::string mu = emit(g, {layout.heads[0]}, h), logvar = emit(g, {layout.heads[1]}, h);
    g.node("Identity", {emit(g, layout.decoder, mu)}, "reconstruction");
    g.node("Identity", {mu}, "mu");
    g.node("Identity", {logvar}, "logvar");
    g.value_info(onnx::kOutput, "reconstruction", pixels);
    g.value_info(onnx::kOutput, "mu", latent);
    g.value_info(onnx::kOutput, "logvar", latent);
  } else {
    g.node("Identity", {emit(g, layout.decoder, h)}, "reconstruction");
    g.node("Identity", {h}, "code");
    g.value_info(onnx::kOutput, "reconstruction", outputs);
    g.value_info(onnx::kOutput, "code", latent);
  }
  ProtoWriter opset, meta, model;
  opset.string(1, "").int64(2, kOnnxOpset);  // OperatorSetIdProto: domain (default), version
  meta.string(1, "aeplay").string(2, spec_to_json(file));  // StringStringEntryProto
  model.int64(onnx::kIrVersion, kOnnxIrVersion)
      .string(onnx::kProducerName, "aeplay")
      .string(onnx::kProducerVersion, "0.1.0")
      .string(onnx::kDocString, file.spec.describe())
      .message(onnx::kGraph, g.graph())
      .message(onnx::kOpsetImport, opset)
      .message(onnx::kMetadataProps, meta);
  return model.data();
}

}  // namespace ae::interop
