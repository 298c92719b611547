#include "nsa_tiling_front.h"

#include "nsa_rules.h"

namespace nsa {

bool ReadAttributes(const gert::RuntimeAttrs *attrs, const FrontPositions &at, Attributes *out)
{
    if (attrs == nullptr) {
        return false;
    }
    const int64_t *windowLen = attrs->GetInt(at.windowLenAttr);
    const int64_t *windowStep = attrs->GetInt(at.windowStepAttr);
    const int64_t *seqLenType = attrs->GetInt(at.seqLenTypeAttr);
    if (windowLen == nullptr || windowStep == nullptr || seqLenType == nullptr ||
        !ParseLayout(attrs->GetStr(at.layoutAttr), &out->layout).empty()) {
        return false;
    }
    out->windowLen = *windowLen;
    out->windowStep = *windowStep;
    out->seqLenType = *seqLenType;
    return true;
}

bool ReadSequenceList(const gert::Tensor *seqLen, std::vector<int64_t> *values)
{
    if (seqLen == nullptr || seqLen->GetData<int64_t>() == nullptr) {
        return false;
    }
    const int64_t *data = seqLen->GetData<int64_t>();
    values->assign(data, data + seqLen->GetShapeSize());
    return true;
}

bool ReadTilingFront(gert::TilingContext *context, const FrontPositions &at, TilingFront *front)
{
    const gert::CompileTimeTensorDesc *inputDesc = context->GetInputDesc(at.input);
    std::vector<int64_t> values;
    if (inputDesc == nullptr || !ReadSequenceList(context->GetOptionalInputTensor(at.seqLen), &values) ||
        !ReadAttributes(context->GetAttrs(), at, &front->attrs)) {
        return false;
    }
    const Attributes &attrs = front->attrs;
    if (!ReadView(context->GetInputShape(at.input), context->GetInputStride(at.input), InputRank(attrs.layout),
                  TokenOffsetAxes(attrs.layout), &front->input) ||
        !ReadView(context->GetInputShape(at.weight), context->GetInputStride(at.weight), 2, 0, &front->weight) ||
        !ReadInputAxes(attrs.layout, front->input.dims, front->input.strides, front->weight.dims[1], &front->axes)
             .empty()) {
        return false;
    }
    const Geometry geometry = GeometryOf(attrs.layout, front->axes, attrs.windowLen, attrs.windowStep);
    if (!CheckGeometry(geometry).empty() || !CheckSeqLenType(attrs.seqLenType).empty() ||
        !CheckBatches(attrs.layout, front->axes).empty() ||
        front->weight.dims != std::vector<int64_t>{geometry.windowLen, geometry.headNum} ||
        !SequenceEnds(attrs.layout, &values, attrs.seqLenType, front->axes, &front->ends).empty()) {
        return false;
    }
    front->outputRows = OutputRows(front->ends, attrs.windowLen, attrs.windowStep);
    front->isBf16 = inputDesc->GetDataType() == ge::DT_BF16;
    return true;
}

bool ReadShapeFront(gert::InferShapeContext *context, const FrontPositions &at, ShapeFront *front)
{
    const gert::Shape *input = context->GetInputShape(at.input);
    const gert::Shape *weight = context->GetInputShape(at.weight);
    Attributes attrs;
    if (input == nullptr || weight == nullptr || weight->GetDimNum() != 2 ||
        !ReadAttributes(context->GetAttrs(), at, &attrs) || input->GetDimNum() != InputRank(attrs.layout) ||
        !CheckWindow(attrs.windowLen, attrs.windowStep).empty() || !CheckSeqLenType(attrs.seqLenType).empty()) {
        return false;
    }
    const std::vector<int64_t> dims = DimsOf(*input);
    if (!ReadInputAxes(attrs.layout, dims, ContiguousStrides(dims), weight->GetDim(1), &front->axes).empty()) {
        return false;
    }
    std::vector<int64_t> values;
    const bool given = ReadSequenceList(context->GetOptionalInputTensor(at.seqLen), &values);
    front->outputRows = kUnknownDim;
    // A batched layout without a list has every batch S tokens long.
    if (given || IsBatched(attrs.layout)) {
        std::vector<int64_t> ends;
        if (!SequenceEnds(attrs.layout, given ? &values : nullptr, attrs.seqLenType, front->axes, &ends).empty()) {
            return false;
        }
        front->outputRows = OutputRows(ends, attrs.windowLen, attrs.windowStep);
    }
    return true;
}

}  // namespace nsa
