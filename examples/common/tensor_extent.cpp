#include "tensor_extent.h"

#include <algorithm>

TensorExtent ExtentOf(const std::vector<int64_t> &shape, ElementType type, const std::string &source)
{
    TensorExtent extent;
    extent.shape = shape;
    extent.type = type;
    extent.source = source;
    extent.strides.resize(shape.size());
    // From the last size to the first: the stride of a size is the product of the sizes after it;
    // with a 0 anywhere the element count is 0, but the strides before it must still fit.
    int64_t product = 1;
    for (size_t i = shape.size(); i-- > 0;) {
        extent.strides[i] = product;
        if (__builtin_mul_overflow(product, shape[i], &product)) {
            throw UsageError(source + " is " + ShapeText(shape) + ": the product of its sizes from position " +
                             std::to_string(i) + " on passes " + kInt64MaxText);
        }
    }
    extent.elements = product;
    extent.storageElements = product;
    if (__builtin_mul_overflow(product, ElementBytes(type), &extent.storageBytes)) {
        throw UsageError(source + " is " + ShapeText(shape) + ": " + std::to_string(product) + " " +
                         ElementTypeName(type) + " elements take more than " + kInt64MaxText + " bytes");
    }
    return extent;
}

TensorExtent ViewExtentOf(const std::vector<int64_t> &shape, const ViewFlags &view, ElementType type,
                          const std::string &source, const std::string &flag)
{
    const std::string stridesFlag = flag + "-strides";
    const std::string offsetFlag = flag + "-offset";
    TensorExtent extent;
    if (view.strides.empty()) {
        extent = ExtentOf(shape, type, source);
    } else {
        if (view.strides.size() != shape.size()) {
            throw UsageError(stridesFlag + " is " + ShapeText(view.strides) + ", " +
                             std::to_string(view.strides.size()) + " strides; " + source + " is " +
                             ShapeText(shape) + ", which takes one stride per size (" +
                             std::to_string(shape.size()) + ")");
        }
        extent.shape = shape;
        extent.strides = view.strides;
        extent.type = type;
        extent.source = source;
        extent.contiguous = false;
        // The view's element count, 0 when a size is 0 whatever the others are.
        int64_t elements = std::count(shape.begin(), shape.end(), 0) > 0 ? 0 : 1;
        for (int64_t size : shape) {
            if (elements != 0 && __builtin_mul_overflow(elements, size, &elements)) {
                throw UsageError(source + " is " + ShapeText(shape) + ": its element count passes " + kInt64MaxText);
            }
        }
        extent.elements = elements;
    }
    extent.offset = view.offset;
    extent.contiguous = extent.contiguous && view.offset == 0;
    // The storage: up to the view's farthest element, offset + sum((size_i - 1) * stride_i).
    extent.storageElements = 0;
    if (extent.elements > 0) {
        int64_t farthest = view.offset;
        for (size_t i = 0; i < shape.size(); ++i) {
            int64_t step = 0;
            if (__builtin_mul_overflow(shape[i] - 1, extent.strides[i], &step) ||
                __builtin_add_overflow(farthest, step, &farthest) ||
                (i + 1 == shape.size() && __builtin_add_overflow(farthest, 1, &extent.storageElements))) {
                throw UsageError(source + " is " + ShapeText(shape) + " with " + stridesFlag + " " +
                                 ShapeText(extent.strides) + " and " + offsetFlag + " " +
                                 std::to_string(view.offset) + ": its storage, offset + 1 + sum((size - 1) * "
                                 "stride), passes " + kInt64MaxText + " elements");
            }
        }
    }
    if (__builtin_mul_overflow(extent.storageElements, ElementBytes(type), &extent.storageBytes)) {
        throw UsageError(source + " is " + ShapeText(shape) + " with " + stridesFlag + " " +
                         ShapeText(extent.strides) + " and " + offsetFlag + " " + std::to_string(view.offset) +
                         ": its storage of " + std::to_string(extent.storageElements) + " " + ElementTypeName(type) +
                         " elements takes more than " + kInt64MaxText + " bytes");
    }
    return extent;
}

std::string Describe(const TensorExtent &extent)
{
    std::string text = extent.source + " is " + ShapeText(extent.shape) + " of " + ElementTypeName(extent.type);
    if (!extent.contiguous) {
        text += " with strides " + ShapeText(extent.strides) + " and offset " + std::to_string(extent.offset) +
                ", a storage of " + std::to_string(extent.storageElements) + " elements";
    }
    return text;
}

TensorExtent SharingStorage(const TensorExtent &view, const TensorExtent &shared, const std::string &option)
{
    const int64_t sharedElements = shared.storageBytes / ElementBytes(view.type);
    if (view.storageElements > sharedElements) {
        throw UsageError(Describe(view) + ": with " + option + " it must fit that storage of " +
                         std::to_string(sharedElements) + " " + ElementTypeName(view.type) +
                         " elements, but it reaches element " + std::to_string(view.storageElements - 1));
    }
    TensorExtent placed = view;
    placed.storageElements = sharedElements;
    placed.storageBytes = sharedElements * ElementBytes(view.type);
    return placed;
}
